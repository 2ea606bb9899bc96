package io.signet.protocol;

/** Type 6: a keep-alive with no content. Use {@link #INSTANCE}. */
public record PingMessage() implements HubMessage {

  /** The one ping; all pings are equal. */
  public static final PingMessage INSTANCE = new PingMessage();

  @Override
  public int type() {
    return MessageType.PING;
  }
}
