package io.signet.connection;

/** The SignalR transports, named as negotiate writes them, in preference order. */
public enum TransportType {
  WebSockets,
  ServerSentEvents,
  LongPolling
}
