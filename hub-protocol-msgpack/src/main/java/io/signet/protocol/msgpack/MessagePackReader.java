package io.signet.protocol.msgpack;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.signet.protocol.InvalidMessageException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads MessagePack values from one frame's body in a buffer, by absolute index, so heap and
 * direct buffers read alike and the buffer's position is left alone.
 *
 * <p>Every length read from the data (of a string, binary, extension, array or map) is checked
 * against the bytes left in the frame before it is used, so a hostile length costs neither memory
 * nor time: nothing is ever allocated by a declared size. Single use, one thread.
 */
final class MessagePackReader {
  private static final int NIL = 0xC0;

  private final ByteBuffer input;
  private final int end;
  private int position;

  MessagePackReader(ByteBuffer input, int start, int end) {
    this.input = input;
    this.position = start;
    this.end = end;
  }

  int position() {
    return position;
  }

  boolean atEnd() {
    return position == end;
  }

  /** The bytes from {@code from} to the current position, copied out of the caller's buffer. */
  byte[] copyFrom(int from) {
    byte[] copy = new byte[position - from];
    input.get(from, copy);
    return copy;
  }

  /** The text for a container nested deeper than {@code maximumDepth}. */
  static InvalidMessageException nestingTooDeep(int maximumDepth) {
    return new InvalidMessageException(
        "The message nests arrays and maps more than " + maximumDepth + " levels deep.");
  }

  /** Fails when the next value is an array or map that would sit at {@code level}. */
  void checkDepth(int level, int maximumDepth) throws InvalidMessageException {
    if (level > maximumDepth && !atEnd() && isContainer(peek())) {
      throw nestingTooDeep(maximumDepth);
    }
  }

  /** Reads an array header; the count is at most the bytes left, as each element takes one. */
  long readArrayHeader() throws InvalidMessageException {
    int code = readCode();
    long count;
    if (code >= 0x90 && code <= 0x9F) {
      count = code & 0x0F;
    } else if (code == 0xDC) {
      count = readUnsigned(2);
    } else if (code == 0xDD) {
      count = readUnsigned(4);
    } else {
      throw unexpected(code, "an array");
    }
    return requireItems(count);
  }

  /** Reads a map header; each entry takes at least two bytes. */
  long readMapHeader() throws InvalidMessageException {
    int code = readCode();
    long count;
    if (code >= 0x80 && code <= 0x8F) {
      count = code & 0x0F;
    } else if (code == 0xDE) {
      count = readUnsigned(2);
    } else if (code == 0xDF) {
      count = readUnsigned(4);
    } else {
      throw unexpected(code, "a map");
    }
    requireItems(2 * count);
    return count;
  }

  /** Reads a string, or {@code null} for nil. Malformed UTF-8 becomes U+FFFD, as in .NET. */
  String readString() throws InvalidMessageException {
    int code = readCode();
    if (code == NIL) {
      return null;
    }
    int length;
    if (code >= 0xA0 && code <= 0xBF) {
      length = code & 0x1F;
    } else if (code == 0xD9) {
      length = (int) readUnsigned(1);
    } else if (code == 0xDA) {
      length = (int) readUnsigned(2);
    } else if (code == 0xDB) {
      length = requireLength(readUnsigned(4));
    } else {
      throw unexpected(code, "a string");
    }
    requireBytes(length);
    byte[] bytes = new byte[length];
    input.get(position, bytes);
    position += length;
    return new String(bytes, UTF_8);
  }

  /** Reads an integer of any width and sign; an unsigned 64-bit one must fit a long. */
  long readInteger() throws InvalidMessageException {
    int code = readCode();
    if (code <= 0x7F) {
      return code;
    }
    if (code >= 0xE0) {
      return (byte) code;
    }
    switch (code) {
      case 0xCC: return readUnsigned(1);
      case 0xCD: return readUnsigned(2);
      case 0xCE: return readUnsigned(4);
      case 0xCF:
        long value = readUnsigned(8);
        if (value < 0) {
          throw new InvalidMessageException("The integer is larger than Int64.MaxValue.");
        }
        return value;
      case 0xD0: return (byte) readUnsigned(1);
      case 0xD1: return (short) readUnsigned(2);
      case 0xD2: return (int) readUnsigned(4);
      case 0xD3: return readUnsigned(8);
      default: throw unexpected(code, "an integer");
    }
  }

  boolean readBoolean() throws InvalidMessageException {
    int code = readCode();
    if (code == 0xC2 || code == 0xC3) {
      return code == 0xC3;
    }
    throw unexpected(code, "a boolean");
  }

  /**
   * Skips one value of any kind, checking its structure without building it.
   *
   * @param level the nesting level an array or map at this position would have
   * @param maximumDepth the deepest level allowed
   */
  void skipValue(int level, int maximumDepth) throws InvalidMessageException {
    // Iterative rather than recursive, so depth costs a counter, never a stack frame: pending[d]
    // is how many values the container open at relative depth d still holds.
    long[] pending = new long[4];
    int depth = 0;
    long left = 1;
    while (true) {
      while (left == 0) {
        if (depth == 0) {
          return;
        }
        left = pending[--depth];
      }
      left--;
      long items = skipScalarOrOpen();
      if (items >= 0) {
        // The depth first: a container too deep fails as such, whatever it declares.
        if (level + depth > maximumDepth) {
          throw nestingTooDeep(maximumDepth);
        }
        requireItems(items);
        if (depth == pending.length) {
          pending = Arrays.copyOf(pending, depth * 2);
        }
        pending[depth++] = left;
        left = items;
      }
    }
  }

  /**
   * Skips a scalar and returns -1, or reads a container's header and returns how many values it
   * declares (a map's keys and values both count), unchecked.
   */
  private long skipScalarOrOpen() throws InvalidMessageException {
    int code = readCode();
    if (code <= 0x7F || code >= 0xE0 || code == NIL || code == 0xC2 || code == 0xC3) {
      return -1;
    }
    if (code <= 0x8F) {
      return 2L * (code & 0x0F);
    }
    if (code <= 0x9F) {
      return code & 0x0F;
    }
    if (code <= 0xBF) {
      return skip(code & 0x1F);
    }
    switch (code) {
      case 0xC4: case 0xD9: return skip(readUnsigned(1));
      case 0xC5: case 0xDA: return skip(readUnsigned(2));
      case 0xC6: case 0xDB: return skip(readUnsigned(4));
      case 0xC7: return skip(readUnsigned(1) + 1);
      case 0xC8: return skip(readUnsigned(2) + 1);
      case 0xC9: return skip(readUnsigned(4) + 1);
      case 0xCA: case 0xCE: case 0xD2: return skip(4);
      case 0xCB: case 0xCF: case 0xD3: return skip(8);
      case 0xCC: case 0xD0: return skip(1);
      case 0xCD: case 0xD1: return skip(2);
      case 0xD4: return skip(2);
      case 0xD5: return skip(3);
      case 0xD6: return skip(5);
      case 0xD7: return skip(9);
      case 0xD8: return skip(17);
      case 0xDC: return readUnsigned(2);
      case 0xDD: return readUnsigned(4);
      case 0xDE: return 2 * readUnsigned(2);
      case 0xDF: return 2 * readUnsigned(4);
      default: throw new InvalidMessageException(
          "Invalid MessagePack code 0x" + Integer.toHexString(code) + ".");
    }
  }

  private long skip(long length) throws InvalidMessageException {
    requireBytes(length);
    position += (int) length;
    return -1;
  }

  private int peek() {
    return input.get(position) & 0xFF;
  }

  private static boolean isContainer(int code) {
    return (code >= 0x80 && code <= 0x9F) || (code >= 0xDC && code <= 0xDF);
  }

  private int readCode() throws InvalidMessageException {
    requireBytes(1);
    return input.get(position++) & 0xFF;
  }

  /** A big-endian unsigned integer of 1, 2, 4 or 8 bytes (8 may come out negative). */
  private long readUnsigned(int size) throws InvalidMessageException {
    requireBytes(size);
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = (value << 8) | (input.get(position++) & 0xFF);
    }
    return value;
  }

  private long requireItems(long count) throws InvalidMessageException {
    if (count > end - position) {
      throw new InvalidMessageException("The message declares " + count
          + " values but has only " + (end - position) + " bytes left.");
    }
    return count;
  }

  private int requireLength(long length) throws InvalidMessageException {
    requireBytes(length);
    return (int) length;
  }

  private void requireBytes(long count) throws InvalidMessageException {
    if (count > end - position) {
      throw new InvalidMessageException("The message ends in the middle of a value.");
    }
  }

  private static InvalidMessageException unexpected(int code, String expected) {
    return new InvalidMessageException("Expected " + expected + " but found "
        + describe(code) + ".");
  }

  private static String describe(int code) {
    if (code <= 0x7F || code >= 0xE0 || (code >= 0xCC && code <= 0xD3)) {
      return "an integer";
    }
    if (code <= 0x8F || code == 0xDE || code == 0xDF) {
      return "a map";
    }
    if (code <= 0x9F || code == 0xDC || code == 0xDD) {
      return "an array";
    }
    if (code <= 0xBF || (code >= 0xD9 && code <= 0xDB)) {
      return "a string";
    }
    switch (code) {
      case NIL: return "nil";
      case 0xC2: case 0xC3: return "a boolean";
      case 0xC4: case 0xC5: case 0xC6: return "binary data";
      case 0xCA: case 0xCB: return "a float";
      case 0xC1: return "the invalid code 0xc1";
      default: return "an extension";
    }
  }
}
