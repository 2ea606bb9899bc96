package io.signet.client;

import io.signet.protocol.CompletionMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An {@code invoke} waiting for its completion. Its future completes on the callback executor, so
 * that what the application chains onto it never runs on a transport thread, and so that a
 * handler blocked on one call does not hold up the completion of another.
 */
final class InvokeCall<T> implements PendingCall {
  private final Type resultType;
  private final Executor executor;
  private final CompletableFuture<T> future = new CompletableFuture<>();

  InvokeCall(Type resultType, Executor executor) {
    this.resultType = resultType;
    this.executor = executor;
  }

  CompletableFuture<T> future() {
    return future;
  }

  @Override
  public void onItem(StreamItemMessage message) {
    // As the JS client: an item for a call that expects one result ends it.
    fail(new HubException("Unexpected message type: 2"));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onCompletion(CompletionMessage message) {
    if (message.error() != null) {
      fail(new HubException(message.error()));
      return;
    }
    T result;
    try {
      Object value = message.result();
      result = (T) (message.hasResult() && value instanceof UnboundValue unbound
          ? unbound.bind(resultType) : value);
    } catch (InvalidMessageException | ClassCastException e) {
      fail(new HubException("The result could not be read as " + resultType.getTypeName()
          + ": " + e.getMessage(), e));
      return;
    }
    executor.execute(() -> future.complete(result));
  }

  @Override
  public void fail(Throwable error) {
    executor.execute(() -> future.completeExceptionally(error));
  }
}
