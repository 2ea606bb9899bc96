package io.signet.hub.internal;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.BaseStream;

/**
 * A {@link Flow.Publisher} over an {@link Iterator} (or a {@code Stream}) returned by a streaming
 * hub method: items are pulled on the hub executor only as the subscriber requests them, so a slow
 * client slows the iteration. One subscriber.
 */
final class IteratorPublisher implements Flow.Publisher<Object> {
  private final Iterator<?> iterator;
  private final AutoCloseable resource;
  private final Executor executor;

  private IteratorPublisher(Iterator<?> iterator, AutoCloseable resource, Executor executor) {
    this.iterator = iterator;
    this.resource = resource;
    this.executor = executor;
  }

  /** A publisher over what a streaming hub method returned, or {@code null} for other values. */
  @SuppressWarnings("unchecked")
  static Flow.Publisher<Object> of(Object result, Executor executor) {
    if (result instanceof Flow.Publisher<?> publisher) {
      return (Flow.Publisher<Object>) publisher;
    }
    if (result instanceof BaseStream<?, ?> stream) {
      return new IteratorPublisher(stream.iterator(), stream, executor);
    }
    if (result instanceof Iterator<?> iterator) {
      return new IteratorPublisher(iterator, null, executor);
    }
    return null;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Object> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber == null");
    subscriber.onSubscribe(new Pull(subscriber));
  }

  /** The subscription: pulls on the executor, one task at a time, as much as was requested. */
  private final class Pull implements Flow.Subscription {
    private final Flow.Subscriber<? super Object> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();

    Pull(Flow.Subscriber<? super Object> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        finish(new IllegalArgumentException("request(" + n + ")"));
        return;
      }
      demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      if (running.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    @Override
    public void cancel() {
      if (done.compareAndSet(false, true)) {
        close();
      }
    }

    private void drain() {
      try {
        while (!done.get()) {
          if (!iterator.hasNext()) {
            if (done.compareAndSet(false, true)) {
              close();
              subscriber.onComplete();
            }
            return;
          }
          if (demand.get() == 0) {
            break;
          }
          demand.decrementAndGet();
          subscriber.onNext(iterator.next());
        }
      } catch (RuntimeException e) {
        finish(e);
        return;
      } finally {
        running.set(false);
      }
      // Demand may have arrived after the loop saw none but before running was cleared.
      if (demand.get() > 0 && !done.get() && running.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    private void finish(Throwable error) {
      if (done.compareAndSet(false, true)) {
        close();
        subscriber.onError(error);
      }
    }

    private void close() {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception ignored) {
          // Closing a finished stream has nothing left to report to the client.
        }
      }
    }
  }
}
