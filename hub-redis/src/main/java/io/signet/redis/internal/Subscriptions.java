package io.signet.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels this node listens on, each with its handler, over the one subscriber connection.
 * Messages reach handlers on Lettuce's I/O thread in the order Redis delivered them, which is the
 * order they were published from any one connection. Thread-safe.
 *
 * <p>Subscribing and unsubscribing a channel are decided and issued under one lock, so a group
 * joined while its last member leaves stays subscribed. A subscription that fails (Redis is down)
 * is kept and issued again by {@link #resubscribeAll()} when Redis is back.
 */
final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  private final RedisLink link;
  private final StatefulRedisPubSubConnection<String, byte[]> connection;
  private final Map<String, Consumer<byte[]>> handlers = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> confirmed = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  Subscriptions(RedisLink link) {
    this.link = link;
    this.connection = link.subscriber();
    connection.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        Consumer<byte[]> handler = handlers.get(channel);
        if (handler == null) {
          return; // unsubscribed meanwhile
        }
        try {
          handler.accept(message);
        } catch (RuntimeException e) {
          log.error("Handling a message on {} failed", channel, e);
        }
      }
    });
  }

  /**
   * Listens on {@code channel}. The stage completes once Redis confirmed the subscription (so a
   * message published after it arrives), or at once if Redis is unreachable; it never fails.
   */
  CompletionStage<Void> subscribe(String channel, Consumer<byte[]> handler) {
    CompletableFuture<Void> done;
    synchronized (lock) {
      done = confirmed.get(channel);
      if (done != null) {
        return done;
      }
      handlers.put(channel, handler);
      done = new CompletableFuture<>();
      confirmed.put(channel, done);
      issue(channel, done);
    }
    return done;
  }

  /** Stops listening on {@code channel} unless {@code stillNeeded} says otherwise. */
  void unsubscribe(String channel, BooleanSupplier stillNeeded) {
    synchronized (lock) {
      if (stillNeeded.getAsBoolean() || confirmed.remove(channel) == null) {
        return;
      }
      handlers.remove(channel);
      connection.async().unsubscribe(channel).whenComplete((ignored, failure) -> {
        if (failure != null) {
          link.failed("UNSUBSCRIBE", failure);
        }
      });
    }
  }

  /** Subscribes again to every channel: after an outage, some subscriptions may be missing. */
  void resubscribeAll() {
    List<String> channels;
    synchronized (lock) {
      channels = new ArrayList<>(confirmed.keySet());
    }
    for (String channel : channels) {
      issue(channel, null);
    }
  }

  /** The number of channels listened on; for tests. */
  int size() {
    return confirmed.size();
  }

  private void issue(String channel, CompletableFuture<Void> done) {
    connection.async().subscribe(channel).whenComplete((ignored, failure) -> {
      if (failure != null) {
        link.failed("SUBSCRIBE", failure);
      }
      if (done != null) {
        done.complete(null);
      }
    });
  }
}
