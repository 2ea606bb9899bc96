package io.signet.protocol;

/** An incoming message, or an unterminated record, is larger than the configured maximum. */
public class MessageTooLargeException extends InvalidMessageException {
  private static final long serialVersionUID = 1L;
  /** The limit that was exceeded, in bytes. */
  private final long maximumSize;

  /**
   * A message over the limit, with ASP.NET Core's text.
   *
   * @param maximumSize the limit that was exceeded, in bytes
   */
  public MessageTooLargeException(long maximumSize) {
    super("The maximum message size of " + maximumSize + "B was exceeded. "
        + "The message size can be configured in AddHubOptions.");
    this.maximumSize = maximumSize;
  }

  /** {@return the limit that was exceeded, in bytes} */
  public long maximumSize() {
    return maximumSize;
  }
}
