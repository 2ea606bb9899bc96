package io.signet.protocol.msgpack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * A MessagePack encoder for tests, independent of the code under test. Besides the shortest
 * forms it writes any wider one asked for: MessagePack allows them, and peers do write them.
 */
final class TestPacker {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] toByteArray() {
    return out.toByteArray();
  }

  TestPacker raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  TestPacker raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  TestPacker nil() {
    return raw(0xC0);
  }

  TestPacker bool(boolean value) {
    return raw(value ? 0xC3 : 0xC2);
  }

  /** An integer in the form {@code width} (0 shortest, else 1, 2, 4 or 8 bytes), signed or not. */
  TestPacker integer(long value, int width, boolean signed) {
    if (width == 0) {
      if (value >= 0 && value < 128) {
        return raw((int) value);
      }
      if (value < 0 && value >= -32) {
        return raw((int) value & 0xFF);
      }
      width = value >= Integer.MIN_VALUE && value <= 0xFFFFFFFFL
          ? (value >= Short.MIN_VALUE && value <= 0xFFFF ? 2 : 4) : 8;
      signed = value < 0;
    }
    int code = (signed ? 0xD0 : 0xCC) + Integer.numberOfTrailingZeros(width);
    raw(code);
    return bigEndian(value, width);
  }

  TestPacker float64(double value) {
    raw(0xCB);
    return bigEndian(Double.doubleToRawLongBits(value), 8);
  }

  TestPacker float32(float value) {
    raw(0xCA);
    return bigEndian(Float.floatToRawIntBits(value), 4);
  }

  /** A string with a header of {@code width} length bytes (0 for fixstr when it fits). */
  TestPacker string(String value, int width) {
    byte[] utf8 = value.getBytes(UTF_8);
    header(utf8.length, width, 0xA0, 31, 0xD9);
    return raw(utf8);
  }

  TestPacker string(String value) {
    return string(value, 0);
  }

  TestPacker binary(byte[] value, int width) {
    int w = width == 0 ? (value.length < 256 ? 1 : value.length < 65536 ? 2 : 4) : width;
    raw(0xC4 + Integer.numberOfTrailingZeros(w));
    bigEndian(value.length, w);
    return raw(value);
  }

  TestPacker extension(int type, byte[] data) {
    int length = data.length;
    int fixed = length == 1 ? 0xD4 : length == 2 ? 0xD5 : length == 4 ? 0xD6
        : length == 8 ? 0xD7 : length == 16 ? 0xD8 : 0;
    if (fixed != 0) {
      raw(fixed);
    } else {
      raw(0xC7);
      bigEndian(length, 1);
    }
    raw(type & 0xFF);
    return raw(data);
  }

  TestPacker array(int count, int width) {
    return header(count, width, 0x90, 15, 0xDA);
  }

  TestPacker map(int count, int width) {
    return header(count, width, 0x80, 15, 0xDC);
  }

  /**
   * A header: the fix form when {@code width} is 0 and the count fits, else the form with
   * {@code width} bytes of length; {@code code8} is the code of the 8-bit form, or of the 16-bit
   * form for arrays and maps (which have no 8-bit one), minus one.
   */
  private TestPacker header(int count, int width, int fix, int fixMax, int code8) {
    if (width == 0 && count <= fixMax) {
      return raw(fix | count);
    }
    int w = width == 0 ? (count < 256 && fix == 0xA0 ? 1 : count < 65536 ? 2 : 4) : width;
    if (fix != 0xA0 && w == 1) {
      w = 2; // arrays and maps have no 8-bit length
    }
    int code = fix == 0xA0 ? code8 + Integer.numberOfTrailingZeros(w) : code8 + (w == 2 ? 2 : 3);
    raw(code);
    return bigEndian(count, w);
  }

  private TestPacker bigEndian(long value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }
}
