package io.signet.connection;

import io.signet.protocol.TransferFormat;

/** The SignalR transports, named as negotiate writes them, in preference order. */
public enum TransportType {
  /** WebSockets: one socket both ways, text or binary messages. */
  WebSockets,
  /** Server-Sent Events to the client, {@code POST}s from it; text only. */
  ServerSentEvents,
  /** Long polls to the client, {@code POST}s from it. */
  LongPolling;

  /**
   * Whether this transport carries {@code format}: Server-Sent Events carry text only (an event's
   * data is lines of text), so binary hub protocols such as MessagePack cannot use them.
   *
   * @param format the format of a hub protocol
   * @return whether a client of that format can use this transport
   */
  public boolean carries(TransferFormat format) {
    return this != ServerSentEvents || format == TransferFormat.Text;
  }
}
