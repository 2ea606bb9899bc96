package io.signet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;

/** Buffers of UTF-8 text for protocol tests; {@code RS} is the record separator. */
final class TestBuffers {
  static final String RS = "\u001e";

  private TestBuffers() {}

  static ByteBuffer buffer(String text) {
    return ByteBuffer.wrap(text.getBytes(UTF_8));
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  /** The unread rest of {@code buffer} as text, without moving it. */
  static String rest(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return text(bytes);
  }
}
