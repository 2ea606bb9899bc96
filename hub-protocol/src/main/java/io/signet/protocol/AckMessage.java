package io.signet.protocol;

/**
 * Type 8 (stateful reconnect): all of the peer's trackable messages up to and including
 * {@code sequenceId} were processed.
 *
 * @param sequenceId the highest processed sequence number
 */
public record AckMessage(long sequenceId) implements HubMessage {
  @Override
  public int type() {
    return MessageType.ACK;
  }
}
