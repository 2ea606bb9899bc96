package io.signet.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.signet.connection.ConnectionDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ConnectionDirectory} of one endpoint in Redis: a hash per connection token (id,
 * negotiate version, owner URL, ended flag, stateful reconnect flag). Entries expire after the
 * node timeout unless their owner's heartbeat refreshes them, so those of a dead node go too.
 * Thread-safe.
 */
public final class RedisConnectionDirectory implements ConnectionDirectory {
  private static final String REGISTER = """
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'v', ARGV[2], 's', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1""";
  /** Sets the owner if there is none yet; answers the entry after that. */
  private static final String CLAIM = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
      if not redis.call('HGET', KEYS[1], 'owner') then
        redis.call('HSET', KEYS[1], 'owner', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return redis.call('HMGET', KEYS[1], 'id', 'v', 'owner', 'ended', 's')""";
  /** Writes an owned entry again (Redis lost it). */
  private static final String RESTORE = """
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'v', ARGV[2], 'owner', ARGV[3], 's', ARGV[5])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return 1""";
  private static final String ENDED = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'ended', '1')
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return 1""";

  private final RedisLink link;
  private final RedisAsyncCommands<String, String> redis;
  private final Keys keys;
  private final String path;
  private final String advertisedUrl;
  private final String ttlMillis;
  /** The entries of the connections this node owns, by token; its heartbeat keeps them. */
  private final Map<String, Entry> owned = new ConcurrentHashMap<>();

  RedisConnectionDirectory(RedisLink link, Keys keys, String path, String advertisedUrl,
      Duration nodeTimeout) {
    this.link = link;
    this.redis = link.commands().async();
    this.keys = keys;
    this.path = path;
    this.advertisedUrl = advertisedUrl;
    this.ttlMillis = Long.toString(nodeTimeout.toMillis());
  }

  @Override
  public CompletionStage<Void> register(String token, String connectionId, int negotiateVersion,
      boolean statefulReconnect) {
    return redis.eval(REGISTER, ScriptOutputType.INTEGER, new String[] {key(token)},
        connectionId, Integer.toString(negotiateVersion), ttlMillis, flag(statefulReconnect))
        .thenApply(ignored -> null);
  }

  @Override
  public CompletionStage<Entry> claim(String token, String owner) {
    return redis.<List<String>>eval(CLAIM, ScriptOutputType.MULTI, new String[] {key(token)},
        owner, ttlMillis).thenApply(values -> {
          Entry entry = entry(values);
          if (entry != null && owner.equals(entry.owner()) && !entry.ended()) {
            owned.put(token, entry);
          }
          return entry;
        });
  }

  @Override
  public CompletionStage<Entry> find(String token) {
    return redis.hmget(key(token), "id", "v", "owner", "ended", "s")
        .thenApply(values -> entry(values.stream().map(v -> v.getValueOrElse(null)).toList()));
  }

  @Override
  public void ended(String token) {
    owned.remove(token);
    redis.eval(ENDED, ScriptOutputType.INTEGER, new String[] {key(token)}, ttlMillis)
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            link.failed("directory", failure);
          }
        });
  }

  @Override
  public String advertisedUrl() {
    return advertisedUrl;
  }

  /** Refreshes the entries of the connections this node owns; part of the heartbeat. */
  void refresh() {
    for (String token : owned.keySet()) {
      redis.pexpire(key(token), Long.parseLong(ttlMillis)).whenComplete((ignored, failure) -> {
        if (failure != null) {
          link.failed("directory", failure);
        }
      });
    }
  }

  /** Writes the entries of the connections this node owns again, after Redis lost them. */
  void restore() {
    owned.forEach((token, entry) -> redis.eval(RESTORE, ScriptOutputType.INTEGER,
        new String[] {key(token)}, entry.connectionId(), Integer.toString(entry.negotiateVersion()),
        entry.owner(), ttlMillis, flag(entry.statefulReconnect()))
        .whenComplete((ignored, failure) -> {
          if (failure != null) {
            link.failed("directory", failure);
          }
        }));
  }

  /** Forgets what this node owns, for shutdown: the entries expire by themselves. */
  CompletionStage<Void> releaseAll() {
    CompletableFuture<?>[] deletes = owned.keySet().stream()
        .map(token -> redis.del(key(token)).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    owned.clear();
    return CompletableFuture.allOf(deletes);
  }

  private String key(String token) {
    return keys.directoryEntry(path, token);
  }

  private static String flag(boolean value) {
    return value ? "1" : "0";
  }

  private static Entry entry(List<String> values) {
    if (values == null || values.isEmpty() || values.get(0) == null) {
      return null;
    }
    int version;
    try {
      version = Integer.parseInt(values.get(1));
    } catch (RuntimeException e) {
      return null; // not an entry Signet wrote
    }
    String owner = values.size() > 2 ? values.get(2) : null;
    boolean ended = values.size() > 3 && "1".equals(values.get(3));
    boolean stateful = values.size() > 4 && "1".equals(values.get(4));
    return new Entry(values.get(0), version, owner, ended, stateful);
  }
}
