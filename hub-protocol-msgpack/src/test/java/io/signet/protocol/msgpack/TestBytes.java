package io.signet.protocol.msgpack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;

/** Byte vectors for protocol tests: hex and base64 literals, framing, buffers. */
final class TestBytes {
  private TestBytes() {}

  /** {@code "96 01 80"} as bytes; spaces are ignored. */
  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  /** Bytes as spaced upper-case hex, for readable assertion failures. */
  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }

  static byte[] base64(String text) {
    return Base64.getDecoder().decode(text);
  }

  /**
   * {@code body} behind its VarInt length prefix, written here independently of the code under
   * test.
   */
  static byte[] frame(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long length = body.length;
    do {
      int group = (int) (length & 0x7F);
      length >>>= 7;
      out.write(length > 0 ? group | 0x80 : group);
    } while (length > 0);
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  /** The concatenation of {@code parts}. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  static ByteBuffer buffer(byte[]... parts) {
    return ByteBuffer.wrap(concat(parts));
  }

  /** The unread rest of {@code buffer}, without moving it. */
  static byte[] rest(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
