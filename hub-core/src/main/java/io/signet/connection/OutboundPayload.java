package io.signet.connection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Bytes ready to go to a client: one or more complete, framed hub messages. Immutable and shared:
 * a message sent to many connections is one payload, so its text form (needed by text transports)
 * is decoded at most once.
 */
public final class OutboundPayload {
  private final byte[] bytes;
  private volatile String text; // decoded lazily; racing decoders produce equal strings

  /**
   * Wraps {@code bytes} without copying; the caller must not modify them afterwards.
   *
   * @param bytes the framed bytes
   */
  public OutboundPayload(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes == null");
  }

  /** {@return the bytes; callers must not modify the array} */
  public byte[] bytes() {
    return bytes;
  }

  /** {@return the number of bytes} */
  public int size() {
    return bytes.length;
  }

  /**
   * The bytes of {@code payloads} one after the other, for transports that send them as one unit.
   *
   * @param payloads the payloads, in order
   * @return a new array
   */
  public static byte[] concat(List<OutboundPayload> payloads) {
    int size = 0;
    for (OutboundPayload payload : payloads) {
      size += payload.size();
    }
    byte[] joined = new byte[size];
    int offset = 0;
    for (OutboundPayload payload : payloads) {
      System.arraycopy(payload.bytes, 0, joined, offset, payload.bytes.length);
      offset += payload.bytes.length;
    }
    return joined;
  }

  /** {@return the bytes as UTF-8 text, for text transports} */
  public String text() {
    String result = text;
    if (result == null) {
      result = new String(bytes, StandardCharsets.UTF_8);
      text = result;
    }
    return result;
  }
}
