package io.signet.redis;

import io.lettuce.core.RedisURI;
import io.signet.connection.ConnectionDirectory;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.ScaleOut;
import io.signet.hub.scaleout.ScaleOutEndpoint;
import io.signet.redis.internal.Cluster;
import io.signet.redis.internal.Keys;
import io.signet.redis.internal.RedisLink;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many Signet servers act as one over Redis (standalone or Sentinel, through Lettuce):
 *
 * <pre>{@code
 * Signet signet = Signet.builder()
 *     .hub(ChatHub.class)
 *     .scaleOut(RedisScaleOut.create("redis://10.0.0.7:6379"))
 *     .build();
 * }</pre>
 *
 * <p>Every {@code clients()} send, group change, client result and {@code HubContext} send
 * reaches the connections of every node; a message is serialised once and published once.
 * Presence ({@code presence()}) spans the cluster; a node that stops disappears from it within
 * {@linkplain Builder#nodeTimeout the node timeout}. Negotiate registers each connection in
 * Redis and any node serves any of its requests (forwarding long polls, POSTs and DELETEs to the
 * node holding the connection), so a load balancer needs no sticky sessions.
 *
 * <p>While Redis is unreachable each node goes on serving its own connections; what is lost is
 * listed in the README ("Scale-out over Redis"). Lettuce reconnects by itself; the node then
 * listens on its channels again and rewrites its presence.
 *
 * <p>Thread-safe. {@code Signet.close()} closes it.
 */
public final class RedisScaleOut implements ScaleOut {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ScheduledExecutorService scheduler;
  private final RedisLink link;
  private final Cluster cluster;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisScaleOut(Builder builder) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "signet-redis-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.link = new RedisLink(builder.uri, scheduler);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      throw new IllegalStateException("Cannot connect to Redis at " + builder.uri + ": "
          + e.getMessage(), e);
    }
    String node = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    this.cluster = new Cluster(link, new Keys(builder.prefix), node, builder.nodeTimeout,
        builder.advertisedUrl, !builder.stickySessions);
  }

  /**
   * Connects to Redis with the default options.
   *
   * @param redisUri {@code redis://host:port}, {@code rediss://...} (TLS),
   *     {@code redis-sentinel://host:port,host:port/0#mymaster}, with optional password and
   *     database as Lettuce reads them
   * @return the scale-out, connected
   * @throws IllegalStateException when Redis cannot be reached now
   */
  public static RedisScaleOut create(String redisUri) {
    return builder(redisUri).build();
  }

  /**
   * A builder for the Redis at {@code redisUri}.
   *
   * @param redisUri the URI, as {@link #create} takes it
   * @return the builder
   */
  public static Builder builder(String redisUri) {
    return new Builder(RedisURI.create(Objects.requireNonNull(redisUri, "redisUri == null")));
  }

  /** {@return this node's id in the cluster (random per process); for logs} */
  public String nodeId() {
    return cluster.node();
  }

  /** {@return whether every connection to Redis is up right now} */
  public boolean isRedisReachable() {
    return link.isReachable();
  }

  /** Whether every connection to Redis is up and this scale-out is not closed. */
  @Override
  public boolean isHealthy() {
    return !closed.get() && link.isReachable();
  }

  @Override
  public HubLifetimeManager lifetimeManager(ScaleOutEndpoint endpoint) {
    return cluster.lifetimeManager(endpoint);
  }

  @Override
  public ConnectionDirectory connectionDirectory(String path) {
    return cluster.directory(path);
  }

  /** Removes this node's presence from Redis and disconnects. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    cluster.leave();
    scheduler.shutdownNow();
    link.close();
  }

  /** Options of a {@link RedisScaleOut}; not thread-safe. */
  public static final class Builder {
    private final RedisURI uri;
    private String prefix = "signet";
    private Duration nodeTimeout = Duration.ofSeconds(30);
    private String advertisedUrl;
    private boolean stickySessions;

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * The prefix of every Redis key and channel (default {@code signet}); give each application
     * sharing one Redis its own.
     *
     * @param value the prefix, not empty, without braces
     * @return this builder
     */
    public Builder prefix(String value) {
      Objects.requireNonNull(value, "prefix == null");
      if (value.isEmpty() || value.contains("{") || value.contains("}")) {
        throw new IllegalArgumentException("Invalid prefix '" + value + "'");
      }
      this.prefix = value;
      return this;
    }

    /**
     * How long after its last heartbeat a node counts as gone (default 30 s): its presence
     * entries vanish within this time, and requests for its connections then get {@code 404}.
     * Nodes send a heartbeat every third of it.
     *
     * @param value the timeout, at least 300 ms
     * @return this builder
     */
    public Builder nodeTimeout(Duration value) {
      Objects.requireNonNull(value, "nodeTimeout == null");
      if (value.toMillis() < 300) {
        throw new IllegalArgumentException("nodeTimeout < 300 ms");
      }
      this.nodeTimeout = value;
      return this;
    }

    /**
     * The URL other nodes reach this one at, for requests they forward ({@code http://10.0.0.5:8080},
     * without a path). By default, the local address and port each request arrived on, which
     * suits nodes that reach each other as the load balancer reaches them.
     *
     * @param value the base URL
     * @return this builder
     */
    public Builder advertisedUrl(String value) {
      Objects.requireNonNull(value, "advertisedUrl == null");
      this.advertisedUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      return this;
    }

    /**
     * Leaves connections out of Redis (default {@code false}): each request of a connection must
     * then reach the node that negotiated it, as with ASP.NET Core's Redis backplane behind a
     * balancer with sticky sessions. Saves one Redis round trip per negotiate.
     *
     * @param value whether to leave connections out of Redis
     * @return this builder
     */
    public Builder stickySessions(boolean value) {
      this.stickySessions = value;
      return this;
    }

    /**
     * Connects.
     *
     * @return the scale-out, connected
     * @throws IllegalStateException when Redis cannot be reached now
     */
    public RedisScaleOut build() {
      return new RedisScaleOut(this);
    }
  }
}
