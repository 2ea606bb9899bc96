package io.signet.protocol;

/**
 * Bytes that do not form a valid hub message, or a value that does not bind to the requested type.
 * The message text is written for the peer's developer (SignalR calls this an invalid-data error).
 */
public class InvalidMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * An invalid message.
   *
   * @param message what is wrong, for the peer's developer
   */
  public InvalidMessageException(String message) {
    super(message);
  }

  /**
   * An invalid message, found through {@code cause}.
   *
   * @param message what is wrong, for the peer's developer
   * @param cause the parser's or binder's exception
   */
  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
