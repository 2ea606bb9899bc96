package io.signet.client;

import io.signet.protocol.CompletionMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A server-to-client stream ({@code HubConnection.stream}) as a {@link Flow.Publisher}: the first
 * subscription sends the {@code StreamInvocation}; items reach the subscriber in order and only as
 * it requests them; cancelling sends {@code CancelInvocation}. SignalR has no flow control towards
 * the server, so items the subscriber has not asked for wait in a buffer of bounded size; a
 * subscriber that falls that far behind gets an error and the stream is cancelled.
 */
final class StreamCall<T> implements Flow.Publisher<T>, PendingCall {

  /** Starts and cancels the call on the connection. */
  interface Starter {
    /**
     * Registers {@code call} under a new invocation id and sends the stream invocation.
     *
     * @return the id, once sent; fails when the connection cannot send
     */
    CompletionStage<String> start(PendingCall call);

    /** Forgets the call and tells the server to stop. */
    void cancel(String invocationId);
  }

  private final Type itemType;
  private final int capacity;
  private final Starter starter;
  private final SerialExecutor signals;
  private final Queue<T> buffer = new ArrayDeque<>(); // guarded by this
  private Flow.Subscriber<? super T> subscriber; // guarded by this
  private long demand; // guarded by this
  private String invocationId; // guarded by this; null until sent
  private boolean cancelled; // guarded by this
  private boolean completed; // guarded by this: the server's completion arrived
  private Throwable failure; // guarded by this: the error to end with, once the buffer is empty
  private boolean terminated; // guarded by this: onComplete or onError was signalled

  StreamCall(Type itemType, int capacity, Executor executor, Starter starter) {
    this.itemType = itemType;
    this.capacity = capacity;
    this.starter = starter;
    this.signals = new SerialExecutor(executor);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> newSubscriber) {
    synchronized (this) {
      if (subscriber != null) {
        signals.execute(() -> {
          newSubscriber.onSubscribe(new NoSubscription());
          newSubscriber.onError(new IllegalStateException(
              "A stream can be subscribed to once; call stream(...) again for another."));
        });
        return;
      }
      subscriber = newSubscriber;
    }
    signals.execute(() -> newSubscriber.onSubscribe(new StreamSubscription()));
    starter.start(this).whenComplete((id, error) -> {
      boolean cancelNow;
      synchronized (this) {
        if (error != null) {
          failure = error;
          completed = true;
        } else {
          invocationId = id;
        }
        cancelNow = error == null && cancelled;
      }
      if (cancelNow) {
        starter.cancel(id);
      }
      drain();
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onItem(StreamItemMessage message) {
    T item;
    try {
      Object value = message.item();
      item = (T) (value instanceof UnboundValue unbound ? unbound.bind(itemType) : value);
    } catch (InvalidMessageException | ClassCastException e) {
      endWithCancel(new HubException("A stream item could not be read as "
          + itemType.getTypeName() + ": " + e.getMessage(), e));
      return;
    }
    boolean overflow;
    synchronized (this) {
      if (completed || cancelled) {
        return;
      }
      buffer.add(item);
      // Items already requested are only waiting for the executor; the bound is on the rest.
      overflow = buffer.size() - Math.min(demand, buffer.size()) > capacity;
    }
    if (overflow) {
      endWithCancel(new HubException("The subscriber fell " + capacity
          + " items behind the stream; the stream was cancelled."));
      return;
    }
    drain();
  }

  @Override
  public void onCompletion(CompletionMessage message) {
    synchronized (this) {
      completed = true;
      if (message.error() != null) {
        failure = new HubException(message.error());
      }
    }
    drain();
  }

  @Override
  public void fail(Throwable error) {
    synchronized (this) {
      if (completed) {
        return;
      }
      completed = true;
      failure = error;
    }
    drain();
  }

  /** Ends the stream with {@code error} now, dropping buffered items, and tells the server. */
  private void endWithCancel(Throwable error) {
    String id;
    synchronized (this) {
      if (completed || cancelled) {
        return;
      }
      completed = true;
      failure = error;
      buffer.clear();
      id = invocationId;
    }
    if (id != null) {
      starter.cancel(id);
    }
    drain();
  }

  /** Signals what the subscriber may get now; the signals run in order on the executor. */
  private void drain() {
    signals.execute(() -> {
      while (true) {
        T item;
        Flow.Subscriber<? super T> target;
        Throwable end = null;
        boolean complete = false;
        synchronized (this) {
          target = subscriber;
          if (terminated || cancelled || target == null) {
            return;
          }
          if (demand > 0 && !buffer.isEmpty()) {
            item = buffer.poll();
            demand--;
          } else if (completed && buffer.isEmpty()) {
            item = null;
            terminated = true;
            end = failure;
            complete = failure == null;
          } else {
            return;
          }
        }
        if (item != null) {
          target.onNext(item);
        } else if (complete) {
          target.onComplete();
          return;
        } else {
          target.onError(end);
          return;
        }
      }
    });
  }

  private final class StreamSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      if (n <= 0) {
        endWithCancel(new IllegalArgumentException(
            "Rule 3.9: request(n) needs n > 0, was " + n));
        return;
      }
      synchronized (StreamCall.this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      drain();
    }

    @Override
    public void cancel() {
      String id;
      synchronized (StreamCall.this) {
        if (cancelled || terminated) {
          return;
        }
        cancelled = true;
        buffer.clear();
        id = completed ? null : invocationId;
      }
      if (id != null) {
        starter.cancel(id);
      }
    }
  }

  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
