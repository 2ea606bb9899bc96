package io.signet.examples.groupchat;

import java.time.Duration;

/**
 * Ends a REST request with an HTTP error status and a message for the user, written as
 * {@code {"error":"message"}} by {@link ApiServlet}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** HTTP's status for a client over a rate limit. */
  static final int TOO_MANY_REQUESTS = 429;

  private final int status;
  private final long retryAfterSeconds; // 0: no Retry-After

  ApiException(int status, String message) {
    this(status, message, 0);
  }

  private ApiException(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false); // control flow, not a failure: no stack trace
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@code 429} with {@code Retry-After}: whole seconds, rounded up, at least 1. */
  static ApiException tooManyRequests(String message, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new ApiException(TOO_MANY_REQUESTS, message + "; try again in " + seconds + " s",
        seconds);
  }

  int status() {
    return status;
  }

  /** The {@code Retry-After} header's seconds, or 0 for none. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
