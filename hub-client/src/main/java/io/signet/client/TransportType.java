package io.signet.client;

/** The SignalR transports, by the names negotiate uses for them. */
public enum TransportType {
  /** One WebSocket carries both directions. */
  WEBSOCKETS("WebSockets"),
  /** An event stream carries the server's messages; the client sends with POST requests. */
  SERVER_SENT_EVENTS("ServerSentEvents"),
  /** Polling GET requests carry the server's messages; the client sends with POST requests. */
  LONG_POLLING("LongPolling");

  private final String wireName;

  TransportType(String wireName) {
    this.wireName = wireName;
  }

  /** {@return the name negotiate uses, for example {@code "WebSockets"}} */
  public String wireName() {
    return wireName;
  }

  /**
   * The transport negotiate names {@code name}, matched exactly as the official clients do.
   *
   * @return the transport, or {@code null} for a name this client does not know
   */
  static TransportType fromWireName(String name) {
    for (TransportType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
