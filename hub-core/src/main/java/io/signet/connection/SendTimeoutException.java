package io.signet.connection;

import java.io.IOException;
import java.time.Duration;

/**
 * A write to the client did not complete within the transport send timeout: the client stopped
 * reading (or its network did), and its connection was aborted.
 */
public final class SendTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param timeout the transport send timeout the write outlived */
  public SendTimeoutException(Duration timeout) {
    super("The client did not take a write within " + timeout.toMillis()
        + " ms (the transport send timeout).");
  }
}
