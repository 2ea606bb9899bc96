package io.signet.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Cluster-wide presence in Redis. Each node writes its own entries under keys that carry its id
 * (the members of a group, the connections of a user, the user of each connection) and lists
 * those keys in an index. A node's heartbeat keeps its score in the node set fresh; queries read
 * only nodes whose heartbeat is younger than the node timeout, so the entries of a node that
 * stopped vanish from answers within that time, and a later heartbeat of any node deletes them.
 * Thread-safe.
 */
final class PresenceStore {
  /** Adds a member to a set and the set to the node's index. */
  private static final String ADD = """
      redis.call('SADD', KEYS[1], ARGV[1])
      redis.call('SADD', KEYS[2], KEYS[1])
      return 1""";
  /** Removes a member; an emptied set leaves the index. */
  private static final String REMOVE = """
      redis.call('SREM', KEYS[1], ARGV[1])
      if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], KEYS[1]) end
      return 1""";
  /** Sets a field of a hash and adds the hash to the node's index. */
  private static final String HSET = """
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], KEYS[1])
      return 1""";
  private static final String HDEL = """
      redis.call('HDEL', KEYS[1], ARGV[1])
      if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], KEYS[1]) end
      return 1""";
  /**
   * The members of one set of every live node: KEYS[1] the node set; ARGV the timeout (ms), the
   * key's part before the node id and after it. With ARGV[4] (the users hash suffix), the users
   * of those members instead.
   */
  private static final String QUERY = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local nodes = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')
      local out = {}
      for _, node in ipairs(nodes) do
        local members = redis.call('SMEMBERS', ARGV[2] .. node .. ARGV[3])
        for _, member in ipairs(members) do
          if ARGV[4] then
            local user = redis.call('HGET', ARGV[2] .. node .. ARGV[4], member)
            if user then out[#out + 1] = user end
          else
            out[#out + 1] = member
          end
        end
      end
      return out""";
  /**
   * The heartbeat: refreshes this node's score (1 if it was missing: Redis lost it or declared
   * the node dead) and deletes the keys of nodes silent for longer than the timeout.
   */
  private static final String HEARTBEAT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
      local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
      for _, node in ipairs(stale) do
        local index = ARGV[3] .. node .. ':keys'
        for _, key in ipairs(redis.call('SMEMBERS', index)) do redis.call('DEL', key) end
        redis.call('DEL', index)
        redis.call('ZREM', KEYS[1], node)
      end
      return added""";
  /** Deletes every key of this node, before it writes them all again. */
  private static final String CLEAR = """
      for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', key) end
      redis.call('DEL', KEYS[1])
      return 1""";
  /** Leaves the cluster: the node's keys and its heartbeat. */
  private static final String LEAVE = CLEAR.replace("return 1", "")
      + "\nredis.call('ZREM', KEYS[2], ARGV[1])\nreturn 1";

  private final RedisLink link;
  private final RedisAsyncCommands<String, String> redis;
  private final Keys keys;
  private final String node;
  private final long timeoutMillis;

  PresenceStore(RedisLink link, Keys keys, String node, Duration nodeTimeout) {
    this.link = link;
    this.redis = link.commands().async();
    this.keys = keys;
    this.node = node;
    this.timeoutMillis = nodeTimeout.toMillis();
  }

  // ---- this node's entries (fire and forget: an outage is repaired by rewriting them all).
  // Each is issued under this object's lock; see rewrite.

  synchronized void joinGroup(String path, String group, String connectionId) {
    run(ADD, "presence", key(path, keys.groupSuffix(group)), connectionId);
  }

  synchronized void leaveGroup(String path, String group, String connectionId) {
    run(REMOVE, "presence", key(path, keys.groupSuffix(group)), connectionId);
  }

  synchronized void connect(String path, String connectionId, String user) {
    if (user != null) {
      run(ADD, "presence", key(path, keys.userSuffix(user)), connectionId);
      run(HSET, "presence", key(path, keys.usersSuffix()), connectionId, user);
    }
  }

  synchronized void disconnect(String path, String connectionId, String user) {
    if (user != null) {
      run(REMOVE, "presence", key(path, keys.userSuffix(user)), connectionId);
      run(HDEL, "presence", key(path, keys.usersSuffix()), connectionId);
    }
  }

  /**
   * Deletes every entry of this node and lets {@code rewrite} write them again from a snapshot.
   * Entries change under this object's lock, so no change can slip between the snapshot and the
   * commands that write it: every command reaches Redis in the order it was issued.
   */
  synchronized void rewrite(Runnable rewrite) {
    redis.eval(CLEAR, ScriptOutputType.INTEGER, new String[] {keys.nodeIndex(node)})
        .whenComplete((ignored, failure) -> failed("presence", failure));
    rewrite.run();
  }

  /** @return completes with whether this node's entry was missing (it must rewrite its keys) */
  CompletionStage<Boolean> heartbeat() {
    return redis.<Long>eval(HEARTBEAT, ScriptOutputType.INTEGER, new String[] {keys.nodes()},
        node, Long.toString(timeoutMillis), keys.nodeIndexPrefix())
        .thenApply(added -> added == 1L);
  }

  /** Removes this node from the cluster's presence, for an orderly shutdown. */
  CompletionStage<?> leave() {
    return redis.eval(LEAVE, ScriptOutputType.INTEGER,
        new String[] {keys.nodeIndex(node), keys.nodes()}, node);
  }

  // ---- queries

  CompletionStage<Set<String>> groupConnections(String path, String group) {
    return query(path, keys.groupSuffix(group), null);
  }

  CompletionStage<Set<String>> groupUsers(String path, String group) {
    return query(path, keys.groupSuffix(group), keys.usersSuffix());
  }

  CompletionStage<Set<String>> userConnections(String path, String user) {
    return query(path, keys.userSuffix(user), null);
  }

  private CompletionStage<Set<String>> query(String path, String suffix, String usersSuffix) {
    String[] args = usersSuffix == null
        ? new String[] {Long.toString(timeoutMillis), keys.presencePrefix(path), suffix}
        : new String[] {Long.toString(timeoutMillis), keys.presencePrefix(path), suffix,
            usersSuffix};
    return redis.<List<String>>eval(QUERY, ScriptOutputType.MULTI, new String[] {keys.nodes()},
        args).thenApply(values -> Set.copyOf(new HashSet<>(values)));
  }

  private String key(String path, String suffix) {
    return keys.presencePrefix(path) + node + suffix;
  }

  private void run(String script, String what, String key, String... args) {
    redis.eval(script, ScriptOutputType.INTEGER, new String[] {key, keys.nodeIndex(node)}, args)
        .whenComplete((ignored, failure) -> failed(what, failure));
  }

  private void failed(String what, Throwable failure) {
    if (failure != null) {
      link.failed(what, failure);
    }
  }
}
