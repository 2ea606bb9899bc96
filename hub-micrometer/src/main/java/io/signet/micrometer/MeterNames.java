package io.signet.micrometer;

import io.signet.connection.TransportType;

/** The names of Signet's meters and tags, and the conventions' values of its tags. */
final class MeterNames {
  static final String ACTIVE_CONNECTIONS = "signalr.server.active_connections";
  static final String CONNECTION_DURATION = "signalr.server.connection.duration";
  static final String INVOCATIONS = "signalr.server.invocations";
  static final String INVOCATION_DURATION = "signalr.server.invocation.duration";
  static final String MESSAGES_RECEIVED = "signalr.server.messages.received";
  static final String MESSAGES_SENT = "signalr.server.messages.sent";
  static final String BYTES_RECEIVED = "signalr.server.bytes.received";
  static final String BYTES_SENT = "signalr.server.bytes.sent";
  static final String OUTBOUND_QUEUED = "signalr.server.outbound.queued";
  static final String SLOW_CONSUMER_DISCONNECTS = "signalr.server.slow_consumer.disconnects";
  static final String NEGOTIATIONS = "signalr.server.negotiations";
  static final String TRANSPORT_REQUESTS = "signalr.server.transport.requests";

  static final String HUB = "signalr.hub";
  static final String TRANSPORT = "signalr.transport";
  static final String STATUS = "signalr.connection.status";
  static final String METHOD = "signalr.method";
  static final String OUTCOME = "signalr.invocation.outcome";
  /** The method tag of a call whose name no method has, as the conventions name unknown values. */
  static final String OTHER_METHOD = "_OTHER";

  private MeterNames() {}

  /** The conventions' value of {@code signalr.transport}. */
  static String transport(TransportType transport) {
    return switch (transport) {
      case WebSockets -> "web_sockets";
      case ServerSentEvents -> "server_sent_events";
      case LongPolling -> "long_polling";
    };
  }
}
