package io.signet.hub.internal;

import java.lang.reflect.Type;

/**
 * One method of a client interface ({@link io.signet.hub.ClientProxy#as}), classified once.
 *
 * @param name the client method invoked on the wire: the Java name, or its
 *     {@link io.signet.hub.HubMethodName}
 * @param kind what a call does
 * @param resultType the type a client result binds to ({@link Kind#RESULT} only, else
 *     {@code null})
 * @param returnsFuture whether the method returns a {@code CompletableFuture} rather than a
 *     {@code CompletionStage} ({@link Kind#SEND_STAGE} and {@link Kind#RESULT})
 */
record ClientMethod(String name, Kind kind, Type resultType, boolean returnsFuture) {

  /** What calling the method does. */
  enum Kind {
    /** {@code void}: sends, fire and forget; a failed send is logged. */
    SEND,
    /** {@code CompletionStage<Void>}: sends, and returns the send's completion. */
    SEND_STAGE,
    /** {@code CompletionStage<T>}: asks a single client for a result bound to {@code T}. */
    RESULT,
    /** A default method of the interface: runs its own body. */
    DEFAULT
  }
}
