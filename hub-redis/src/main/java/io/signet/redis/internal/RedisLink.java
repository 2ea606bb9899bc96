package io.signet.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The Lettuce side of a scale-out: three connections to Redis (commands, publishing,
 * subscriptions), reconnected by Lettuce on its own, and the outage they make visible. While any
 * of them is down, commands fail at once instead of queueing ({@code REJECT_COMMANDS}), so the
 * node goes on serving its own connections; the outage is logged once when it begins and once
 * when it ends, and the end runs the {@linkplain #onReconnected reconnect actions}
 * (resubscribing and rewriting presence).
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final int CONNECTIONS = 3;
  /** The longest a Redis command may take before it fails. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final ClientResources resources;
  private final RedisClient client;
  private final String where;
  private final ScheduledExecutorService scheduler;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisConnection<String, byte[]> publisher;
  private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private final Disposable events;
  private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();
  private final AtomicInteger active = new AtomicInteger();
  private final Object outageLock = new Object();
  private long outageSinceNanos = -1; // guarded by outageLock; -1 while Redis is reachable
  private volatile boolean closing; // connections dropping now are no outage

  /**
   * Connects to Redis.
   *
   * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
   */
  public RedisLink(RedisURI uri, ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    this.where = uri.toString();
    this.resources = DefaultClientResources.create();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .build());
    this.events = resources.eventBus().get().subscribe(event -> {
      if (event instanceof ConnectionActivatedEvent) {
        activated();
      } else if (event instanceof ConnectionDeactivatedEvent) {
        deactivated();
      }
    });
    RedisCodec<String, byte[]> bytes = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    try {
      this.commands = client.connect(StringCodec.UTF8);
      this.publisher = client.connect(bytes);
      this.subscriber = client.connectPubSub(bytes);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  StatefulRedisConnection<String, String> commands() {
    return commands;
  }

  StatefulRedisConnection<String, byte[]> publisher() {
    return publisher;
  }

  StatefulRedisPubSubConnection<String, byte[]> subscriber() {
    return subscriber;
  }

  /** The scale-out's timer: heartbeats, timeouts; never blocked. */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Runs {@code action} on the scheduler each time Redis becomes reachable after an outage. */
  public void onReconnected(Runnable action) {
    reconnectActions.add(action);
  }

  /** Whether every connection to Redis is up. */
  public boolean isReachable() {
    synchronized (outageLock) {
      return outageSinceNanos < 0;
    }
  }

  /**
   * Notes a failed command: during an outage it was expected and is not logged again; otherwise
   * it is logged at debug level.
   */
  void failed(String what, Throwable failure) {
    if (log.isDebugEnabled()) {
      log.debug("Redis {} failed: {}", what, failure.toString());
    }
  }

  private void activated() {
    if (active.incrementAndGet() < CONNECTIONS) {
      return;
    }
    long since;
    synchronized (outageLock) {
      since = outageSinceNanos;
      outageSinceNanos = -1;
    }
    if (since >= 0) {
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
      log.info("Redis at {} is reachable again after {} s; resubscribing and rewriting presence",
          where, seconds);
      for (Runnable action : reconnectActions) {
        scheduler.execute(action);
      }
    }
  }

  private void deactivated() {
    active.decrementAndGet();
    boolean began = false;
    synchronized (outageLock) {
      if (outageSinceNanos < 0 && !closing) {
        outageSinceNanos = System.nanoTime();
        began = true;
      }
    }
    if (began) {
      log.warn("Redis at {} is unreachable: this node serves its own connections only, and what"
          + " other nodes send meanwhile does not reach them; reconnecting", where);
    }
  }

  @Override
  public void close() {
    closing = true;
    for (AutoCloseable connection : new AutoCloseable[] {subscriber, publisher, commands}) {
      if (connection != null) {
        try {
          connection.close();
        } catch (Exception e) {
          log.debug("Closing a Redis connection failed", e);
        }
      }
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    events.dispose();
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
