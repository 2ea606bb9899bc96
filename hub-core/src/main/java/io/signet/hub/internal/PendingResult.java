package io.signet.hub.internal;

import io.signet.hub.HubException;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.InvalidMessageException;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/** A client result the server awaits: the type to bind it to and the stage to complete. */
final class PendingResult {
  private final Type type;
  private final CompletableFuture<Object> future;

  PendingResult(Type type, CompletableFuture<Object> future) {
    this.type = type;
    this.future = future;
  }

  /** Completes with the client's answer: its result bound to the type, or its error. */
  void complete(CompletionMessage completion) {
    if (completion.error() != null) {
      future.completeExceptionally(new HubException(completion.error()));
      return;
    }
    try {
      Object raw = completion.hasResult() ? completion.result() : null;
      future.complete(ArgumentBinder.bindOne(raw, type));
    } catch (InvalidMessageException e) {
      future.completeExceptionally(new HubException(
          "The client's result does not bind to " + type.getTypeName() + ".", e));
    }
  }

  void fail(Throwable error) {
    future.completeExceptionally(error);
  }
}
