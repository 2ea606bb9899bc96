package io.signet.protocol;

/** The numeric message types of the SignalR hub protocol. */
public final class MessageType {
  /** {@link InvocationMessage}. */
  public static final int INVOCATION = 1;
  /** {@link StreamItemMessage}. */
  public static final int STREAM_ITEM = 2;
  /** {@link CompletionMessage}. */
  public static final int COMPLETION = 3;
  /** {@link StreamInvocationMessage}. */
  public static final int STREAM_INVOCATION = 4;
  /** {@link CancelInvocationMessage}. */
  public static final int CANCEL_INVOCATION = 5;
  /** {@link PingMessage}. */
  public static final int PING = 6;
  /** {@link CloseMessage}. */
  public static final int CLOSE = 7;
  /** {@link AckMessage}. */
  public static final int ACK = 8;
  /** {@link SequenceMessage}. */
  public static final int SEQUENCE = 9;

  private MessageType() {}
}
