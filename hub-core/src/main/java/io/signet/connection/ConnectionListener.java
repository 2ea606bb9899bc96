package io.signet.connection;

import java.nio.ByteBuffer;

/**
 * Receives what arrives on one {@link Connection}. Calls come from transport threads, one at a time
 * and in order; implementations must return quickly and never block.
 */
public interface ConnectionListener {

  /**
   * Bytes from the client, in order. The buffer is only valid during the call: copy what you keep.
   *
   * @param data the bytes, from its position to its limit
   */
  void onReceive(ByteBuffer data);

  /**
   * Bytes from the client that arrived through the connection's {@code attachment}-th transport
   * (1 for the first). Only a connection resumed with stateful reconnect has more than one: bytes
   * of an earlier transport may still be on their way when a later one took over (the server had
   * not yet noticed that the earlier one dropped), and must then be dropped, since they may end
   * in the middle of a message. The default ignores the number.
   *
   * @param data the bytes, from its position to its limit
   * @param attachment which transport of the connection they came through, from 1
   */
  default void onReceive(ByteBuffer data, int attachment) {
    onReceive(data);
  }

  /**
   * Stateful reconnect: the client came back on a new transport, the connection's
   * {@code attachment}-th. Called on that transport's thread before it delivers any byte, after
   * the connection queued the resend of what the client has not acknowledged. From now on, bytes
   * of earlier transports are stale, and the client's first message is its {@code Sequence}.
   *
   * @param attachment the new transport's number, from 1
   */
  default void onReattached(int attachment) {}

  /**
   * The connection ended, called exactly once.
   *
   * @param error {@code null} after a normal end, otherwise why it ended
   */
  void onClosed(Throwable error);
}
