package io.signet.hub.internal;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A client-to-server stream, handed to the hub method as a {@code Flow.Publisher<T>}. Items the
 * client sends are buffered up to the stream buffer capacity; past it, {@link #offer} returns a
 * gate and the connection stops reading until the subscriber catches up. Items are delivered on
 * the hub executor, one task at a time, as the subscriber requests them. One subscriber.
 */
final class UploadStream implements Flow.Publisher<Object> {
  private final String streamId;
  private final Type itemType;
  private final int capacity;
  private final Executor executor;
  private final Object lock = new Object();

  // Guarded by lock.
  private final ArrayDeque<Object> buffer = new ArrayDeque<>();
  private Flow.Subscriber<? super Object> subscriber;
  private long demand;
  private boolean delivering;
  private boolean ended;
  private Throwable error;
  private boolean terminated;
  private CompletableFuture<Void> spaceGate;

  UploadStream(String streamId, Type itemType, int capacity, Executor executor) {
    this.streamId = streamId;
    this.itemType = itemType;
    this.capacity = capacity;
    this.executor = executor;
  }

  String streamId() {
    return streamId;
  }

  Type itemType() {
    return itemType;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Object> value) {
    Objects.requireNonNull(value, "subscriber == null");
    synchronized (lock) {
      if (subscriber != null) {
        executor.execute(() -> {
          value.onSubscribe(new NoSubscription());
          value.onError(new IllegalStateException("An upload stream has one subscriber"));
        });
        return;
      }
      subscriber = value;
    }
    executor.execute(() -> {
      value.onSubscribe(new Subscription());
      schedule();
    });
  }

  /**
   * Adds an item from the client.
   *
   * @return {@code null}, or a gate completing when the buffer has room again
   */
  CompletableFuture<Void> offer(Object item) {
    CompletableFuture<Void> gate = null;
    synchronized (lock) {
      if (ended || terminated) {
        return null; // items after the end, or after the hub stopped listening, are dropped
      }
      buffer.add(item == null ? NULL : item);
      if (buffer.size() >= capacity) {
        spaceGate = gate = new CompletableFuture<>();
      }
    }
    schedule();
    return gate;
  }

  /** The client ended the stream, with an error or ({@code null}) without. */
  void end(Throwable failure) {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      error = failure;
    }
    schedule();
  }

  /** The connection ended before the client ended the stream. */
  void abandon() {
    end(new IOException("The connection ended before the upload stream " + streamId + " did."));
  }

  private void schedule() {
    synchronized (lock) {
      if (delivering || subscriber == null || terminated) {
        return;
      }
      delivering = true;
    }
    executor.execute(this::deliver);
  }

  private void deliver() {
    while (true) {
      Object item;
      Flow.Subscriber<? super Object> target;
      CompletableFuture<Void> freed = null;
      boolean complete = false;
      Throwable failure = null;
      synchronized (lock) {
        target = subscriber;
        if (terminated) {
          delivering = false;
          return;
        }
        if (!buffer.isEmpty() && demand > 0) {
          item = buffer.poll();
          demand--;
          if (spaceGate != null && buffer.size() < capacity) {
            freed = spaceGate;
            spaceGate = null;
          }
        } else if (buffer.isEmpty() && ended) {
          item = null;
          terminated = true;
          complete = error == null;
          failure = error;
        } else {
          delivering = false;
          return;
        }
      }
      if (freed != null) {
        freed.complete(null);
      }
      if (item != null) {
        target.onNext(item == NULL ? null : item);
      } else if (complete) {
        target.onComplete();
      } else {
        target.onError(failure);
      }
    }
  }

  private static final Object NULL = new Object();

  /** The subscription handed to the hub method. */
  private final class Subscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      synchronized (lock) {
        demand = n <= 0 || demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      schedule();
    }

    @Override
    public void cancel() {
      CompletableFuture<Void> freed;
      synchronized (lock) {
        terminated = true;
        buffer.clear();
        freed = spaceGate;
        spaceGate = null;
      }
      if (freed != null) {
        freed.complete(null); // the client may go on sending; its items are now dropped
      }
    }
  }

  /** For a refused second subscriber. */
  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
