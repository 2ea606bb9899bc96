package io.signet.examples.groupchat;

/**
 * Ends a REST request with an HTTP error status and a message for the user, written as
 * {@code {"error":"message"}} by {@link ApiServlet}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false); // control flow, not a failure: no stack trace
    this.status = status;
  }

  int status() {
    return status;
  }
}
