package io.signet.protocol;

/**
 * Type 7: the sender is ending the connection.
 *
 * @param error why, or {@code null} for a normal close
 * @param allowReconnect whether a client with automatic reconnect should reconnect
 */
public record CloseMessage(String error, boolean allowReconnect) implements HubMessage {

  /** A close without error and without a reconnect hint. */
  public static final CloseMessage EMPTY = new CloseMessage(null, false);

  @Override
  public int type() {
    return MessageType.CLOSE;
  }
}
