package io.signet.connection;

import io.signet.protocol.TransferFormat;

/** The SignalR transports, named as negotiate writes them, in preference order. */
public enum TransportType {
  WebSockets,
  ServerSentEvents,
  LongPolling;

  /**
   * Whether this transport carries {@code format}: Server-Sent Events carry text only (an event's
   * data is lines of text), so binary hub protocols such as MessagePack cannot use them.
   */
  public boolean carries(TransferFormat format) {
    return this != ServerSentEvents || format == TransferFormat.Text;
  }
}
