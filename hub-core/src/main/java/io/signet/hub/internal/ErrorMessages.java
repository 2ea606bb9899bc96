package io.signet.hub.internal;

import io.signet.hub.HubException;
import io.signet.protocol.InvalidMessageException;

/**
 * The error texts ASP.NET Core SignalR sends, word for word, so that clients and their tests see
 * the same strings. A detail {@code " {Type}: {message}"} is appended when the exception is a
 * {@link HubException} or detailed errors are enabled.
 */
final class ErrorMessages {
  static final String CONNECTION_CLOSED_WITH_ERROR = "Connection closed with an error.";
  static final String HANDSHAKE_CANCELED = "Handshake was canceled.";
  static final String HANDSHAKE_FAILED =
      "An unexpected error occurred during connection handshake.";

  private ErrorMessages() {}

  static String methodDoesNotExist(String target) {
    return "Failed to invoke '" + target + "' due to an error on the server. "
        + "HubException: Method does not exist.";
  }

  static String failedToInvoke(String target, Throwable cause, boolean detailed) {
    return withDetail(
        "Failed to invoke '" + target + "' due to an error on the server.", cause, detailed);
  }

  static String invocationFailed(String target, Throwable cause, boolean detailed) {
    return withDetail(
        "An unexpected error occurred invoking '" + target + "' on the server.", cause, detailed);
  }

  static String streamingWithInvocation(String target) {
    return "The client attempted to invoke the streaming '" + target
        + "' method with a non-streaming invocation.";
  }

  static String invocationWithStreaming(String target) {
    return "The client attempted to invoke the non-streaming '" + target
        + "' method with a streaming invocation.";
  }

  static String argumentCount(int provided, int expected) {
    return "Invocation provides " + provided + " argument(s) but target expects " + expected + ".";
  }

  static final String BINDING_FAILED = "Error binding arguments. Make sure that the types of the "
      + "provided values match the types of the hub method being invoked.";

  static String streamCount(int sent, int expected) {
    return "Client sent " + sent + " stream(s), Hub method expects " + expected + ".";
  }

  static String connectionClosed(Throwable cause, boolean detailed) {
    return withDetail(CONNECTION_CLOSED_WITH_ERROR, cause, detailed);
  }

  /** Appends {@code " Type: message"} for a {@link HubException}, or for anything when detailed. */
  static String withDetail(String base, Throwable cause, boolean detailed) {
    if (cause == null || !(detailed || cause instanceof HubException)) {
      return base;
    }
    return base + " " + typeName(cause) + ": " + cause.getMessage();
  }

  /**
   * The type name clients see. Invalid data keeps the .NET name {@code InvalidDataException},
   * and a refused {@code Sequence} {@code InvalidOperationException}, so that error texts match
   * ASP.NET Core's exactly.
   */
  static String typeName(Throwable cause) {
    if (cause instanceof HubException) {
      return "HubException";
    }
    if (cause instanceof InvalidMessageException) {
      return "InvalidDataException";
    }
    if (cause instanceof ReceivedSequence.SequenceException) {
      return "InvalidOperationException";
    }
    return cause.getClass().getSimpleName();
  }
}
