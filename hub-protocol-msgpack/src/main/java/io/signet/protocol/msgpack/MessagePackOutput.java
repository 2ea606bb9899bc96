package io.signet.protocol.msgpack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that writes the MessagePack primitives of the message envelope in their
 * shortest forms, as MessagePack-CSharp (and so ASP.NET Core) writes them; payload values are
 * written into it through Jackson, as an {@link OutputStream}. Unsynchronized; one thread.
 */
final class MessagePackOutput extends OutputStream {
  private byte[] buffer;
  private int size;

  MessagePackOutput(int initialCapacity) {
    buffer = new byte[initialCapacity];
  }

  int size() {
    return size;
  }

  /** Empties the buffer, keeping its capacity. */
  void reset() {
    size = 0;
  }

  /** Copies the bytes written into {@code out} at {@code offset}. */
  void copyTo(byte[] out, int offset) {
    System.arraycopy(buffer, 0, out, offset, size);
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  void writeArrayHeader(int count) {
    writeHeader(count, 0x90, 0xDC, 0xDD);
  }

  void writeMapHeader(int count) {
    writeHeader(count, 0x80, 0xDE, 0xDF);
  }

  private void writeHeader(int count, int fix, int code16, int code32) {
    if (count < 16) {
      write(fix | count);
    } else if (count < 0x10000) {
      write(code16);
      writeBigEndian(count, 2);
    } else {
      write(code32);
      writeBigEndian(count, 4);
    }
  }

  void writeNil() {
    write(0xC0);
  }

  void writeBoolean(boolean value) {
    write(value ? 0xC3 : 0xC2);
  }

  /** The shortest encoding that holds {@code value}, unsigned forms for non-negative values. */
  void writeInteger(long value) {
    if (value >= 0) {
      if (value < 0x80) {
        write((int) value);
      } else if (value < 0x100) {
        write(0xCC);
        write((int) value);
      } else if (value < 0x10000) {
        write(0xCD);
        writeBigEndian(value, 2);
      } else if (value < 0x100000000L) {
        write(0xCE);
        writeBigEndian(value, 4);
      } else {
        write(0xCF);
        writeBigEndian(value, 8);
      }
    } else if (value >= -32) {
      write((int) value & 0xFF);
    } else if (value >= Byte.MIN_VALUE) {
      write(0xD0);
      write((int) value & 0xFF);
    } else if (value >= Short.MIN_VALUE) {
      write(0xD1);
      writeBigEndian(value, 2);
    } else if (value >= Integer.MIN_VALUE) {
      write(0xD2);
      writeBigEndian(value, 4);
    } else {
      write(0xD3);
      writeBigEndian(value, 8);
    }
  }

  /** A UTF-8 string: fixstr, then str8 (which MessagePack-CSharp writes too), str16, str32. */
  void writeString(String value) {
    byte[] utf8 = value.getBytes(UTF_8);
    int length = utf8.length;
    if (length < 32) {
      write(0xA0 | length);
    } else if (length < 0x100) {
      write(0xD9);
      write(length);
    } else if (length < 0x10000) {
      write(0xDA);
      writeBigEndian(length, 2);
    } else {
      write(0xDB);
      writeBigEndian(length, 4);
    }
    write(utf8, 0, length);
  }

  private void writeBigEndian(long value, int bytes) {
    ensure(bytes);
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void ensure(int more) {
    int needed = size + more;
    if (needed < 0 || needed > Integer.MAX_VALUE - 8) {
      // The length prefix cannot describe more either.
      throw new IllegalArgumentException("Messages over 2GB in size are not supported.");
    }
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8,
          2L * buffer.length)));
    }
  }
}
