package io.signet.connection.internal;

/**
 * A connection was not created because a {@link ConnectionLimits} limit is reached; carries the
 * HTTP answer for the request that asked for it.
 */
final class ConnectionLimitException extends RuntimeException {
  private final int status;
  private final boolean retryLater;

  ConnectionLimitException(int status, String message, boolean retryLater) {
    super(message, null, false, false); // an expected refusal: no stack trace to fill
    this.status = status;
    this.retryLater = retryLater;
  }

  /** {@code 503} for a full server, {@code 429} for a user at its limit. */
  int status() {
    return status;
  }

  /** Whether the answer carries {@code Retry-After}. */
  boolean retryLater() {
    return retryLater;
  }
}
