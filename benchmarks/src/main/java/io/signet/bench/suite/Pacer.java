package io.signet.bench.suite;

import io.signet.bench.client.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * Open-loop sending at a fixed rate on an event loop: message {@code k} is due at
 * {@code start + k / rate}, and whatever is due is sent on each tick, late or not. The due time
 * (not the actual one) goes into the payload, so a generator or server that falls behind shows up
 * as latency instead of as a lower rate.
 */
final class Pacer {
  /** Sends message {@code k}, due at {@code dueNanos}. */
  interface Sender {
    void send(long k, long dueNanos);
  }

  private static final long TICK_NANOS = 1_000_000;

  private final EventLoop loop;
  private final double nanosPerMessage;
  private final long start;
  private final long total;
  private final Sender sender;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private long sent;
  private boolean stopped;

  /** Sends at {@code perSecond} for {@code seconds} from {@code startNanos}; call on the loop. */
  Pacer(EventLoop loop, double perSecond, long startNanos, double seconds, Sender sender) {
    this.loop = loop;
    this.nanosPerMessage = 1e9 / perSecond;
    this.start = startNanos;
    this.total = Math.max(1, (long) Math.floor(seconds * perSecond));
    this.sender = sender;
  }

  /** Starts ticking; the future completes with the count sent once all are out. */
  CompletableFuture<Long> start() {
    loop.schedule(Math.max(0, start - System.nanoTime()), this::tick);
    return done;
  }

  /** Stops early (a failure elsewhere); loop thread only. */
  void stop() {
    stopped = true;
    done.complete(sent);
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long elapsed = System.nanoTime() - start;
    long due = Math.min(total, (long) (elapsed / nanosPerMessage) + 1);
    while (sent < due) {
      sender.send(sent, start + (long) (sent * nanosPerMessage));
      sent++;
    }
    if (sent >= total) {
      done.complete(sent);
    } else {
      loop.schedule(TICK_NANOS, this::tick);
    }
  }
}
