package io.signet.client;

/**
 * A connection could not be made or was lost: negotiate failed or was refused, no transport could
 * connect, the handshake failed, or the server or transport closed the connection with an error.
 * The message is the one the official JavaScript client gives for the same case where it has one.
 */
public class HubConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The HTTP status of the response behind this failure, {@code 0} when there was none. */
  private final int statusCode;

  /**
   * A failure with no HTTP status behind it.
   *
   * @param message what failed
   */
  public HubConnectionException(String message) {
    this(message, null, 0);
  }

  /**
   * A failure caused by {@code cause}.
   *
   * @param message what failed
   * @param cause why
   */
  public HubConnectionException(String message, Throwable cause) {
    this(message, cause, 0);
  }

  /**
   * A failure answered with an HTTP status.
   *
   * @param message what failed
   * @param cause why, or {@code null}
   * @param statusCode the status of the response that failed, {@code 0} when there was none
   */
  public HubConnectionException(String message, Throwable cause, int statusCode) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** {@return the HTTP status of the response behind this failure, {@code 0} when there was none} */
  public int statusCode() {
    return statusCode;
  }
}
