package io.signet.hub.internal;

import java.nio.ByteBuffer;

/**
 * Bytes received from a client and not yet parsed: appended by the transport thread, consumed by
 * the parser. Holds no storage while empty, which is most of the time for most connections. Not
 * thread-safe; the owner guards it.
 */
final class InboundBuffer {
  private ByteBuffer buffer; // in read mode: position..limit is unread; null when empty

  int size() {
    return buffer == null ? 0 : buffer.remaining();
  }

  void append(ByteBuffer data) {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(data.remaining()).put(data).flip();
      return;
    }
    int needed = buffer.remaining() + data.remaining();
    if (buffer.capacity() - buffer.limit() < data.remaining()) {
      ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, Math.min(needed * 2, needed + 65536)));
      grown.put(buffer);
      grown.flip();
      buffer = grown;
    }
    int start = buffer.limit();
    buffer.limit(start + data.remaining());
    buffer.duplicate().position(start).put(data);
  }

  /** The unread bytes; parsers advance its position. */
  ByteBuffer readable() {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(0); // dropped again by the compact() that follows the parse
    }
    return buffer;
  }

  /** Drops consumed bytes, and the storage too once everything was consumed. */
  void compact() {
    if (buffer == null) {
      return;
    }
    if (!buffer.hasRemaining()) {
      buffer = null;
    } else if (buffer.position() > buffer.capacity() / 2) {
      buffer = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
    }
  }

  void clear() {
    buffer = null;
  }
}
