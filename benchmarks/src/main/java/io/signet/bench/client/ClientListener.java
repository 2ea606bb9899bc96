package io.signet.bench.client;

import java.nio.ByteBuffer;

/** What a {@link SignalRClient} reports; called on its {@link EventLoop}'s thread. */
public interface ClientListener {

  /** The handshake completed: the client may send invocations. */
  void onReady(SignalRClient client);

  /**
   * One hub message from the server, in {@code [start, end)} of {@code data} without its record
   * separator. The bytes are only valid during the call.
   */
  void onRecord(SignalRClient client, ByteBuffer data, int start, int end);

  /** The client failed or the server ended it; it sends and receives nothing more. */
  void onFailed(SignalRClient client, String reason);
}
