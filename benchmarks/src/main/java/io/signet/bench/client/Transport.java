package io.signet.bench.client;

/** The SignalR transports the generator speaks. */
public enum Transport {
  /** One WebSocket per client, after negotiate on the same TCP connection. */
  WEBSOCKETS("WebSockets"),
  /** An event stream for server-to-client and POSTs on a second connection for the rest. */
  SSE("ServerSentEvents"),
  /** Back-to-back polls, and POSTs on a second connection for client-to-server. */
  LONG_POLLING("LongPolling");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  /** The name negotiate uses. */
  public String label() {
    return label;
  }
}
