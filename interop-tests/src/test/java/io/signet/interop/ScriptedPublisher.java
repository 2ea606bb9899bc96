package io.signet.interop;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Publishes fixed items to one subscriber, each only once requested, then ends with an error (or
 * completes when there is none): an upload whose every item reaches the client before its end.
 * {@link java.util.concurrent.SubmissionPublisher} cannot play this part, because {@code
 * closeExceptionally} discards the items still buffered for a subscriber that has not asked for
 * them yet.
 *
 * <p>Signals are sent on the thread that calls {@code request}; a request made during {@code
 * onNext} only adds demand, and the running loop delivers it, so that signals never overlap or
 * nest (Reactive Streams rules 1.3 and 3.3).
 *
 * @param <T> the item type
 */
final class ScriptedPublisher<T> implements Flow.Publisher<T> {
  private final List<T> items;
  private final Throwable failure;

  /**
   * @param items what to publish, in order
   * @param failure how to end: {@code null} to complete, else the error to fail with
   */
  ScriptedPublisher(List<T> items, Throwable failure) {
    this.items = List.copyOf(items);
    this.failure = failure;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber == null");
    subscriber.onSubscribe(new Subscription(subscriber));
  }

  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private long demand; // guarded by this
    private int next; // guarded by this
    private boolean emitting; // guarded by this: a loop is delivering signals
    private boolean done; // guarded by this: ended or cancelled

    Subscription(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        boolean signal;
        synchronized (this) {
          signal = !done && !emitting; // else a running loop sees done and stops
          done = true;
        }
        if (signal) {
          subscriber.onError(new IllegalArgumentException("request(" + n + "): rule 3.9"));
        }
        return;
      }
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (emitting) {
          return;
        }
        emitting = true;
      }
      while (true) {
        T item;
        synchronized (this) {
          if (done || (demand == 0 && next < items.size())) {
            emitting = false;
            return;
          }
          if (next == items.size()) {
            done = true;
            item = null;
          } else {
            item = items.get(next++);
            demand--;
          }
        }
        if (item == null) {
          end();
          return;
        }
        subscriber.onNext(item);
      }
    }

    private void end() {
      if (failure == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(failure);
      }
    }

    @Override
    public synchronized void cancel() {
      done = true;
    }
  }
}
