package io.signet.connection;

import java.nio.ByteBuffer;

/**
 * Receives what arrives on one {@link Connection}. Calls come from transport threads, one at a time
 * and in order; implementations must return quickly and never block.
 */
public interface ConnectionListener {

  /**
   * Bytes from the client, in order. The buffer is only valid during the call: copy what you keep.
   */
  void onReceive(ByteBuffer data);

  /**
   * The connection ended, called exactly once.
   *
   * @param error {@code null} after a normal end, otherwise why it ended
   */
  void onClosed(Throwable error);
}
