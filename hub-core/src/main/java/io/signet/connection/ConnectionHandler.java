package io.signet.connection;

import java.time.Duration;

/** The application behind an endpoint (the hub layer); one per endpoint, thread-safe. */
public interface ConnectionHandler {

  /**
   * A transport has been attached to {@code connection}. Called once per connection, on a transport
   * thread; must not block.
   *
   * @param connection the connection, now attached
   * @return the listener for the connection's bytes and end
   */
  ConnectionListener onConnected(Connection connection);

  /**
   * A negotiate request was answered; for metrics and tracing. Must not block.
   *
   * @param took from the request reaching the endpoint to its answer
   */
  default void onNegotiated(Duration took) {}

  /**
   * A transport request of a connection was admitted (each long poll, each event stream, each
   * WebSocket upgrade); for metrics. Must not block.
   *
   * @param transport the transport of the request
   */
  default void onTransportRequest(TransportType transport) {}
}
