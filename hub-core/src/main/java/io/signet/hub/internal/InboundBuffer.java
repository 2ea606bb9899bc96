package io.signet.hub.internal;

import java.nio.ByteBuffer;

/**
 * Bytes received from a client and not yet parsed: appended by the transport thread, consumed by
 * the parser. Holds no storage while empty, which is most of the time for most connections. Not
 * thread-safe; the owner guards it.
 *
 * <p>When bytes arrive while it is empty and the receiving thread parses them at once, the buffer
 * {@linkplain #lend borrows} the transport's buffer instead of copying it, and copies only what is
 * left unparsed when the loan {@linkplain #endLoan ends}, before the transport reuses its buffer.
 */
final class InboundBuffer {
  private ByteBuffer buffer; // in read mode: position..limit is unread; null when empty
  private boolean borrowed; // buffer is the transport's, valid only until endLoan()

  int size() {
    return buffer == null ? 0 : buffer.remaining();
  }

  /**
   * Takes {@code data} without copying it if nothing is pending; the caller must call
   * {@link #endLoan()} before it returns {@code data} to the transport.
   */
  void lend(ByteBuffer data) {
    if (buffer == null && !borrowed) {
      buffer = data;
      borrowed = true;
    } else {
      append(data);
    }
  }

  /** Copies what is left of a borrowed buffer, which its owner is about to reuse. */
  void endLoan() {
    if (borrowed) {
      borrowed = false;
      ByteBuffer loan = buffer;
      buffer = loan.hasRemaining() ? ByteBuffer.allocate(loan.remaining()).put(loan).flip() : null;
    }
  }

  void append(ByteBuffer data) {
    endLoan(); // never write into the transport's buffer
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
      borrowed = false;
    } else if (!borrowed && buffer.position() > buffer.capacity() / 2) {
      buffer = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
    }
  }

  void clear() {
    buffer = null;
    borrowed = false;
  }
}
