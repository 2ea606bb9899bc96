package io.signet.interop;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Publishes 0, 1, 2, ... to one subscriber, each number only once it was requested, as a
 * well-behaved producer does. It ends after {@code count} items, with {@code failure} if one is
 * given. It reports a cancelled subscription to {@code onCancel}, and the largest demand the
 * subscriber ever had outstanding to {@code onEnd}: {@link StreamingHub} uses them to show that
 * Signet stops producers and asks for one item at a time.
 *
 * <p>Items are emitted on the common pool, never on the thread that calls {@code request}: the
 * server requests the next item from its own threads (transport threads included), which a
 * producer must not occupy.
 */
final class CountingPublisher implements Flow.Publisher<Integer> {
  /** A count for a producer that never ends by itself. */
  static final int ENDLESS = Integer.MAX_VALUE;

  private final int count;
  private final Throwable failure;
  private final Runnable onCancel;
  private final LongConsumer onEnd;
  private final Executor executor = ForkJoinPool.commonPool();

  /**
   * @param count how many items to publish before ending, or {@link #ENDLESS}
   * @param failure how to end: {@code null} to complete, else the error to fail with
   * @param onCancel runs once if the subscriber cancels before the end
   * @param onEnd receives the largest outstanding demand just before the end is signalled
   */
  CountingPublisher(int count, Throwable failure, Runnable onCancel, LongConsumer onEnd) {
    this.count = count;
    this.failure = failure;
    this.onCancel = Objects.requireNonNull(onCancel, "onCancel == null");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd == null");
  }

  /** Publishes {@code count} items, then completes; nothing to observe. */
  static CountingPublisher upTo(int count) {
    return new CountingPublisher(count, null, () -> {}, largest -> {});
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
    subscriber.onSubscribe(new Subscription(subscriber));
  }

  /** One subscriber's state; one emitting task at a time, started when demand leaves zero. */
  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super Integer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean done = new AtomicBoolean();
    /** Requested minus emitted, and its peak; unlike demand, not reset in batches. */
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong largestOutstanding = new AtomicLong();
    private int next; // owned by the emitting task

    Subscription(Flow.Subscriber<? super Integer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        if (done.compareAndSet(false, true)) {
          subscriber.onError(new IllegalArgumentException("request(" + n + "): rule 3.9"));
        }
        return;
      }
      long now = outstanding.updateAndGet(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      largestOutstanding.accumulateAndGet(now, Math::max);
      long before = demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      if (before == 0) {
        executor.execute(this::emit);
      }
    }

    @Override
    public void cancel() {
      if (done.compareAndSet(false, true)) {
        onCancel.run();
      }
    }

    /** Emits while there is demand; the task that brings demand back to zero ends. */
    private void emit() {
      long requested = demand.get();
      while (requested > 0) {
        for (long i = 0; i < requested; i++) {
          if (done.get()) {
            return;
          }
          if (next == count) {
            end();
            return;
          }
          outstanding.decrementAndGet();
          subscriber.onNext(next++);
        }
        requested = demand.addAndGet(-requested);
      }
    }

    private void end() {
      if (done.compareAndSet(false, true)) {
        onEnd.accept(largestOutstanding.get());
        if (failure == null) {
          subscriber.onComplete();
        } else {
          subscriber.onError(failure);
        }
      }
    }
  }
}
