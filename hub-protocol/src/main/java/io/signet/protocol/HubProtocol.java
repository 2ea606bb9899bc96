package io.signet.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A hub protocol: how {@link HubMessage}s become bytes and back. Implementations are stateless and
 * thread-safe; framing state (a partial message) lives in the caller's input buffer.
 */
public interface HubProtocol {

  /** {@return the name clients ask for in the handshake, for example {@code "json"}} */
  String name();

  /** {@return the highest protocol version this implementation speaks} */
  int version();

  /** {@return whether the protocol's bytes are text or binary} */
  TransferFormat transferFormat();

  /**
   * Parses every complete message at the start of {@code input} into {@code out} and advances the
   * buffer's position past them; an incomplete trailing message is left in place for the next call.
   *
   * @param input the bytes received, from its position to its limit
   * @param limits what a message may be: its size (a complete message over it, or an incomplete
   *     one already over it, fails), its nesting depth and its argument count
   * @param out receives the messages parsed, in order
   * @throws MessageTooLargeException when a message is over the size limit
   * @throws InvalidMessageException when a message is malformed or breaks another limit; messages
   *     before it are in {@code out}
   */
  void parseMessages(ByteBuffer input, MessageLimits limits, List<HubMessage> out)
      throws InvalidMessageException;

  /**
   * Parses as {@link #parseMessages(ByteBuffer, MessageLimits, List)} does, with the default
   * nesting and argument limits.
   *
   * @param input the bytes received, from its position to its limit
   * @param maximumMessageSize the largest message accepted, in bytes; {@code 0} or less for none
   * @param out receives the messages parsed, in order
   * @throws MessageTooLargeException when a message is over the limit
   * @throws InvalidMessageException when a message is malformed or breaks another limit; messages
   *     before it are in {@code out}
   */
  default void parseMessages(ByteBuffer input, long maximumMessageSize, List<HubMessage> out)
      throws InvalidMessageException {
    parseMessages(input, MessageLimits.of(maximumMessageSize), out);
  }

  /**
   * Writes one message, framed (a JSON message ends with the record separator).
   *
   * @param message the message to write
   * @return a new array the caller may keep
   */
  byte[] writeMessage(HubMessage message);
}
