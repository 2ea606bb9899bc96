package io.signet.connection;

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
}
