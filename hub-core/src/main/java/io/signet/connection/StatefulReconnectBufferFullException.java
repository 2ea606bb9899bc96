package io.signet.connection;

import java.io.IOException;

/**
 * A connection with stateful reconnect ended because its client stayed away while messages for
 * it kept coming: keeping them all until it came back would have taken more than the stateful
 * reconnect buffer.
 */
public final class StatefulReconnectBufferFullException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * The buffer reached {@code limit}.
   *
   * @param limit the stateful reconnect buffer's size, in bytes
   */
  public StatefulReconnectBufferFullException(long limit) {
    super("The client was away while more than " + limit + " bytes of messages for it waited "
        + "to be resent (HubOptions.statefulReconnectBufferSize).");
  }
}
