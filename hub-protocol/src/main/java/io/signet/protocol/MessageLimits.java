package io.signet.protocol;

/**
 * Limits on what a {@link HubProtocol} accepts from a peer, so that a message within the size
 * limit still cannot make the parser recurse deeply or build a huge argument list. A message that
 * breaks one is invalid: parsing fails with an {@link InvalidMessageException} that names the
 * limit.
 *
 * @param maximumMessageSize the largest message, in bytes, as {@link HubProtocol#parseMessages}
 *     counts it; {@code 0} for no limit
 * @param maximumNestingDepth how deeply arrays and objects may nest in one message, the message's
 *     own object counting as the first level (so an invocation's arguments array is the second).
 *     The default, {@value #DEFAULT_MAXIMUM_NESTING_DEPTH}, is System.Text.Json's default
 *     {@code MaxDepth}, which ASP.NET Core's JSON hub protocol reads with.
 * @param maximumArgumentCount the most arguments one message may carry (default
 *     {@value #DEFAULT_MAXIMUM_ARGUMENT_COUNT}); ASP.NET Core has no such limit, but no method
 *     that a client can reasonably call takes that many
 */
public record MessageLimits(
    long maximumMessageSize, int maximumNestingDepth, int maximumArgumentCount) {

  /** The default {@link #maximumNestingDepth()}. */
  public static final int DEFAULT_MAXIMUM_NESTING_DEPTH = 64;

  /** The default {@link #maximumArgumentCount()}. */
  public static final int DEFAULT_MAXIMUM_ARGUMENT_COUNT = 64;

  /**
   * Validates the limits.
   *
   * @param maximumMessageSize the largest message, in bytes; {@code 0} for no limit
   * @param maximumNestingDepth the deepest nesting of arrays and objects, at least 1
   * @param maximumArgumentCount the most arguments in one message
   * @throws IllegalArgumentException when a size or count is negative, or the depth below 1
   */
  public MessageLimits {
    if (maximumMessageSize < 0) {
      throw new IllegalArgumentException("maximumMessageSize < 0");
    }
    if (maximumNestingDepth < 1) {
      throw new IllegalArgumentException("maximumNestingDepth < 1");
    }
    if (maximumArgumentCount < 0) {
      throw new IllegalArgumentException("maximumArgumentCount < 0");
    }
  }

  /**
   * The default depth and argument limits with {@code maximumMessageSize}.
   *
   * @param maximumMessageSize in bytes; {@code 0} or less for no limit
   * @return the limits
   */
  public static MessageLimits of(long maximumMessageSize) {
    return new MessageLimits(Math.max(0, maximumMessageSize), DEFAULT_MAXIMUM_NESTING_DEPTH,
        DEFAULT_MAXIMUM_ARGUMENT_COUNT);
  }
}
