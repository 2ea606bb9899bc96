package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One transport's connection to a hub endpoint: bytes both ways, no hub protocol. A transport is
 * used for one connection attempt and then dropped; a reconnect makes a new one.
 *
 * <p>Threading: {@link Receiver#onReceive} is called for one chunk at a time, in the order the
 * chunks arrived, on a transport thread; it must not block (the connection hands the parsed
 * messages to its own executor). {@link #send} and {@link #stop} may be called from any thread.
 */
interface ClientTransport {

  /**
   * Connects to {@code url}: the hub URL with {@code id=<connectionToken>} added when negotiated.
   *
   * @param format the transfer format of the hub protocol in use; a WebSocket sends binary
   *     messages for {@link TransferFormat#Binary} and text messages otherwise
   * @param receiver gets every chunk received once connected, then exactly one {@link
   *     Receiver#onClose} when the transport ends for any reason, unless connecting failed
   * @return completes once the transport can send; fails with a {@link HubConnectionException}
   *     (carrying the HTTP status when there was one) when it cannot connect
   */
  CompletionStage<Void> connect(URI url, TransferFormat format, Receiver receiver);

  /**
   * Sends one or more complete hub messages. Sends do not overlap on the wire: a transport that
   * sends by POST sends the next body only after the previous one was answered.
   *
   * @return completes once the bytes were handed over (WebSockets) or accepted by the server (a
   *     POST answered {@code 200}); fails with a {@link HubConnectionException} otherwise
   */
  CompletionStage<Void> send(ByteBuffer data);

  /**
   * Stops the transport: closes the WebSocket with status 1000, ends the event stream, or aborts
   * the poll and sends {@code DELETE}. Safe to call more than once and from any thread; {@link
   * Receiver#onClose} follows with {@code null} unless it was already called.
   *
   * @return completes once stopped
   */
  CompletionStage<Void> stop();

  /**
   * Whether the transport shows by itself that the connection is alive, as long polling does:
   * the connection then sends no pings and runs no server timeout.
   */
  boolean hasInherentKeepAlive();

  /** Where a connected transport's input goes. */
  interface Receiver {
    /**
     * One chunk of received bytes: a WebSocket message, an event's data, or a poll's body. It may
     * hold several hub messages; with WebSockets, part of one.
     *
     * @param data the bytes, valid only during the call
     */
    void onReceive(ByteBuffer data);

    /**
     * The transport ended: {@code null} for a clean end (a WebSocket closed with 1000, a poll
     * answered {@code 204}, {@link #stop()}), or the error that ended it.
     */
    void onClose(Throwable error);
  }
}
