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
   * <p>Every decision rests on the bytes read so far, never on how many more have arrived, so
   * the outcome is the same however the bytes are split across calls.
   *
   * @param maximumMessageSize the largest frame accepted, prefix included; {@code 0} for none
   * @return the frame, or {@code null} when the buffer does not hold all of it yet
   * @throws MessageTooLargeException as soon as the prefix read so far means a frame over the
   *     limit, so that its body is never waited for
   * @throws InvalidMessageException when the prefix declares more than 2 GB
   */
  static Frame findFrame(ByteBuffer input, long maximumMessageSize)
      throws InvalidMessageException {
    int start = input.position();
    int available = input.limit() - start;
    boolean limited = maximumMessageSize > 0;
    long length = 0;
    int prefixSize = 0;
    while (true) {
      if (prefixSize == available) {
        return null;
      }
      int current = input.get(start + prefixSize) & 0xFF;
      length |= (long) (current & 0x7F) << (7 * prefixSize);
      prefixSize++;
      if ((current & 0x80) == 0) {
        // A fifth group may hold bits 28 to 30 only: 0x7FFFFFFF is FF FF FF FF 07.
        if (prefixSize == MAXIMUM_PREFIX_SIZE && current > 7) {
          throw new InvalidMessageException("Messages over 2GB in size are not supported.");
        }
        break;
      }
      if (prefixSize == MAXIMUM_PREFIX_SIZE) {
        throw new InvalidMessageException("Messages over 2GB in size are not supported.");
      }
      // Another prefix byte is still to come: the frame is at least one byte longer than this.
      if (limited && prefixSize + 1 > maximumMessageSize) {
        throw new MessageTooLargeException(maximumMessageSize);
      }
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
