package io.signet.hub.scaleout;

/**
 * Learns when connections of this process start and end, so that a scale-out can route messages
 * for them. Called on the thread that completed the handshake or ended the connection; must not
 * block.
 */
public interface LocalConnectionListener {

  /** A connection completed its handshake; it is in no group yet. */
  void onConnected(LocalConnection connection);

  /** A connection ended; {@code connection.groups()} are the groups it has just left. */
  void onDisconnected(LocalConnection connection);
}
