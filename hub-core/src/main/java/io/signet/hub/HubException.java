package io.signet.hub;

/**
 * An error whose message is safe to show to clients. When a hub method throws it, the client sees
 * {@code An unexpected error occurred invoking 'X' on the server. HubException: <message>}; any
 * other exception gives only the generic text unless detailed errors are enabled.
 */
public class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error clients may see.
   *
   * @param message the text sent to the client
   */
  public HubException(String message) {
    super(message);
  }

  /**
   * An error clients may see, with a cause that they do not see.
   *
   * @param message the text sent to the client
   * @param cause the underlying error, for the server's log
   */
  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
