package io.signet.hub;

/**
 * An error whose message is safe to show to clients. When a hub method throws it, the client sees
 * {@code An unexpected error occurred invoking 'X' on the server. HubException: <message>}; any
 * other exception gives only the generic text unless detailed errors are enabled.
 */
public class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HubException(String message) {
    super(message);
  }

  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
