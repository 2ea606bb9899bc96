package io.signet.client;

/**
 * A hub call the server answered with an error: the hub method threw, the method was not found,
 * its arguments could not be bound, or a stream ended with an error. The message is the server's
 * text unchanged, for example {@code "An unexpected error occurred invoking 'Echo' on the
 * server."}.
 */
public class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error the server sent, with its text as the message.
   *
   * @param message the server's text
   */
  public HubException(String message) {
    super(message);
  }

  /**
   * A failure of the call on this side, such as a result that could not be bound.
   *
   * @param message what failed
   * @param cause why
   */
  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
