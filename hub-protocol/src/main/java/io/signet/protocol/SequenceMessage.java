package io.signet.protocol;

/**
 * Type 9 (stateful reconnect): the sequence number of the next trackable message the sender will
 * (re)send after a reconnect.
 *
 * @param sequenceId the sequence number of the next message
 */
public record SequenceMessage(long sequenceId) implements HubMessage {
  @Override
  public int type() {
    return MessageType.SEQUENCE;
  }
}
