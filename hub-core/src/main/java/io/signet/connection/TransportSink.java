package io.signet.connection;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The sending half of a transport, implemented by each transport module. A {@link Connection}
 * calls {@link #write} for one batch at a time: a new batch only after the previous one completed.
 */
public interface TransportSink {

  /**
   * Sends {@code batch} as one unit where the transport has units (one WebSocket message, one SSE
   * event, one poll response). Must not block. {@code batch} is read-only; the sink may keep it,
   * as the connection no longer uses it.
   *
   * @param batch the payloads, in order
   * @return completes when the bytes were handed to the network, exceptionally if they cannot be
   */
  CompletionStage<Void> write(List<OutboundPayload> batch);

  /**
   * Ends the transport after everything written so far. Idempotent; must not block.
   *
   * @param error {@code null} for a normal end (WebSocket status 1000), otherwise the error (1011)
   */
  void close(Throwable error);

  /**
   * Tears the transport down at once, without waiting for what is being written, so that its
   * socket is released even if the client never reads again. Called when a write outlived the
   * send timeout, or when a close did not finish within the close timeout (its close frame, say,
   * queued behind a write that never completes). Idempotent; must not block. The default closes,
   * for transports whose close never waits for the client.
   *
   * @param error why, as for {@link #close}
   */
  default void abort(Throwable error) {
    close(error);
  }

  /**
   * Whether the transport keeps itself alive without hub pings (long polling), so the server
   * neither pings nor times the client out on it.
   *
   * @return whether the transport keeps itself alive
   */
  default boolean hasInherentKeepAlive() {
    return false;
  }

  /**
   * Since when the transport has been waiting for the client to come back ({@link System#nanoTime()}
   * terms), or {@code -1} while it is connected. A long-polling connection between polls is idle;
   * the registry ends connections idle longer than the disconnect timeout. A write waiting while
   * the transport is idle waits for the client to ask for it, not for the network, so the send
   * timeout does not count it.
   *
   * @return the time, or {@code -1}
   */
  default long idleSinceNanos() {
    return -1;
  }
}
