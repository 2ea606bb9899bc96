package io.signet.connection;

import java.io.IOException;

/** A client reads more slowly than the server sends and its outbound buffer reached its limit. */
public final class OutboundBufferFullException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * The buffer reached {@code limit}.
   *
   * @param limit the outbound buffer's size, in bytes
   */
  public OutboundBufferFullException(long limit) {
    super("The client did not keep up: more than " + limit + " bytes were waiting to be sent.");
  }
}
