package io.signet.client;

/** Where a {@link HubConnection} is in its life, as in the official clients. */
public enum HubConnectionState {
  /** Not connected: before {@code start()}, after {@code stop()}, or after the connection ended. */
  DISCONNECTED,
  /** {@code start()} is negotiating, connecting a transport or waiting for the handshake. */
  CONNECTING,
  /** Connected: calls and sends go to the server. */
  CONNECTED,
  /** {@code stop()} is closing the connection. */
  DISCONNECTING,
  /** The connection was lost and automatic reconnect is trying to make a new one. */
  RECONNECTING
}
