package io.signet.hub.scaleout;

import java.util.concurrent.CompletionStage;

/**
 * Learns when connections of this process start and end, so that a scale-out can route messages
 * for them. Called on the thread that completed the handshake or ended the connection; must not
 * block.
 */
public interface LocalConnectionListener {

  /**
   * A connection completed its handshake; it is in no group yet.
   *
   * @param connection the connection
   * @return a stage that completes once messages for the connection (and its user) sent from
   *     other processes reach it. The answer to the client's handshake waits for it, so that a
   *     client told it is connected can be sent to from anywhere at once. It must complete, and
   *     soon (say within a command timeout of the scale-out's store), failed or not.
   */
  CompletionStage<Void> onConnected(LocalConnection connection);

  /**
   * A connection ended; {@code connection.groups()} are the groups it has just left.
   *
   * @param connection the connection
   */
  void onDisconnected(LocalConnection connection);
}
