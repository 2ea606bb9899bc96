package io.signet.protocol.msgpack;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The MessagePack timestamp extension (type -1): how .NET's MessagePack-CSharp writes
 * {@code DateTime} and how the JS client's {@code @msgpack/msgpack} writes and reads {@code Date}.
 * Writing picks the shortest of the three forms, as both of them do.
 */
final class Timestamps {
  /** The extension type of timestamps. */
  static final byte EXTENSION_TYPE = -1;

  private static final long MAX_UINT32 = 0xFFFFFFFFL;
  private static final long MAX_SECONDS_34_BITS = 0x3FFFFFFFFL;

  private Timestamps() {}

  /** The extension's data for {@code instant}: 4, 8 or 12 bytes. */
  static byte[] encode(Instant instant) {
    long seconds = instant.getEpochSecond();
    int nanos = instant.getNano();
    if (seconds >= 0 && seconds <= MAX_SECONDS_34_BITS) {
      if (nanos == 0 && seconds <= MAX_UINT32) {
        return bigEndian(seconds, new byte[4], 0, 4); // timestamp 32: seconds
      }
      // timestamp 64: 30 bits of nanoseconds above 34 bits of seconds
      return bigEndian(((long) nanos << 34) | seconds, new byte[8], 0, 8);
    }
    byte[] data = new byte[12]; // timestamp 96: nanoseconds, then signed seconds
    bigEndian(nanos, data, 0, 4);
    return bigEndian(seconds, data, 4, 8);
  }

  /**
   * The instant the extension's data holds.
   *
   * @throws IOException when the data has another length, nanoseconds of a second or more, or
   *     an instant beyond what {@link Instant} holds
   */
  static Instant decode(byte[] data) throws IOException {
    long seconds;
    long nanos;
    switch (data.length) {
      case 4:
        seconds = readBigEndian(data, 0, 4);
        nanos = 0;
        break;
      case 8:
        long value = readBigEndian(data, 0, 8);
        nanos = value >>> 34;
        seconds = value & MAX_SECONDS_34_BITS;
        break;
      case 12:
        nanos = readBigEndian(data, 0, 4);
        seconds = readBigEndian(data, 4, 8);
        break;
      default:
        throw new IOException("A timestamp has 4, 8 or 12 bytes, not " + data.length + ".");
    }
    if (nanos >= 1_000_000_000L) {
      throw new IOException("A timestamp's nanoseconds must be below one second.");
    }
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw new IOException("The timestamp is out of range: " + e.getMessage(), e);
    }
  }

  private static byte[] bigEndian(long value, byte[] out, int offset, int length) {
    for (int i = 0; i < length; i++) {
      out[offset + i] = (byte) (value >>> (8 * (length - 1 - i)));
    }
    return out;
  }

  private static long readBigEndian(byte[] data, int offset, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (data[offset + i] & 0xFF);
    }
    return value;
  }
}
