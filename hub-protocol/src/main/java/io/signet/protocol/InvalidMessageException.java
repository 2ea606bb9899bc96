package io.signet.protocol;

/**
 * Bytes that do not form a valid hub message, or a value that does not bind to the requested type.
 * The message text is written for the peer's developer (SignalR calls this an invalid-data error).
 */
public class InvalidMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidMessageException(String message) {
    super(message);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
