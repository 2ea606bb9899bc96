package io.signet.protocol;

/**
 * One message of the SignalR hub protocol. Each message type of the protocol is one record
 * implementing this interface.
 *
 * <p>Payload values ({@code arguments}, {@code item}, {@code result}) are plain Java objects when a
 * message is built to be written. When a message was parsed, each payload value is an
 * {@link UnboundValue} that the receiver binds to the type it expects.
 */
public sealed interface HubMessage
    permits InvocationMessage, StreamInvocationMessage, StreamItemMessage, CompletionMessage,
        CancelInvocationMessage, PingMessage, CloseMessage, AckMessage, SequenceMessage {

  /** {@return the protocol's numeric message type, 1 to 9; see {@link MessageType}} */
  int type();
}
