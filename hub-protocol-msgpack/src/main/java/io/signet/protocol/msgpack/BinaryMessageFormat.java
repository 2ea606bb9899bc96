package io.signet.protocol.msgpack;

import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageTooLargeException;
import java.nio.ByteBuffer;

/**
 * The length-prefix framing of the binary hub protocols: every message is its body's size as a
 * VarInt (7 bits a byte, least significant group first, the high bit set on every byte but the
 * last; at most 5 bytes and {@code 0x7FFFFFFF}, as ASP.NET Core's {@code BinaryMessageParser}
 * reads it), then the body.
 *
 * <p>A frame's size is its prefix plus its body. ASP.NET Core counts the same way: it hands the
 * parser a window of {@code MaximumReceiveMessageSize} bytes, which must hold the whole frame.
 */
final class BinaryMessageFormat {
  /** A 2 GB body needs 5 groups of 7 bits. */
  static final int MAXIMUM_PREFIX_SIZE = 5;

  private BinaryMessageFormat() {}

  /** Where one complete frame's body lies in the buffer, in absolute indices. */
  record Frame(int bodyStart, int bodyLength) {
    int end() {
      return bodyStart + bodyLength;
    }
  }

  /**
   * Finds the frame starting at {@code input}'s position, without moving the position.
   *
   * @param maximumMessageSize the largest frame accepted, prefix included; {@code 0} for none
   * @return the frame, or {@code null} when the buffer does not hold all of it yet
   * @throws MessageTooLargeException as soon as the prefix declares a frame over the limit (so its
   *     body is never waited for), or when more than the limit has arrived without a prefix
   * @throws InvalidMessageException when the prefix declares more than 2 GB
   */
  static Frame findFrame(ByteBuffer input, long maximumMessageSize)
      throws InvalidMessageException {
    int start = input.position();
    int available = input.limit() - start;
    boolean limited = maximumMessageSize > 0;
    long length = 0;
    int prefixSize = 0;
    int current;
    do {
      if (prefixSize == available) {
        // Only reachable with a limit below 5 bytes; otherwise the prefix simply waits.
        if (limited && available > maximumMessageSize) {
          throw new MessageTooLargeException(maximumMessageSize);
        }
        return null;
      }
      current = input.get(start + prefixSize) & 0xFF;
      length |= (long) (current & 0x7F) << (7 * prefixSize);
      prefixSize++;
    } while ((current & 0x80) != 0 && prefixSize < MAXIMUM_PREFIX_SIZE);
    if ((current & 0x80) != 0 || (prefixSize == MAXIMUM_PREFIX_SIZE && current > 7)) {
      throw new InvalidMessageException("Messages over 2GB in size are not supported.");
    }
    long frameSize = prefixSize + length;
    if (limited && frameSize > maximumMessageSize) {
      throw new MessageTooLargeException(maximumMessageSize);
    }
    if (available < frameSize) {
      return null;
    }
    return new Frame(start + prefixSize, (int) length);
  }

  /** How many bytes the prefix of a body of {@code length} bytes takes. */
  static int prefixSize(int length) {
    int size = 1;
    for (int rest = length >>> 7; rest > 0; rest >>>= 7) {
      size++;
    }
    return size;
  }

  /**
   * Writes the prefix of a body of {@code length} bytes at {@code offset}, shortest form.
   *
   * @return the offset just past the prefix
   */
  static int writePrefix(int length, byte[] out, int offset) {
    int rest = length;
    int at = offset;
    while (rest >= 0x80) {
      out[at++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out[at++] = (byte) rest;
    return at;
  }
}
