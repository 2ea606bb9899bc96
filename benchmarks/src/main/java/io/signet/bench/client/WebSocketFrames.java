package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * RFC 6455 framing for a client. Frames sent are masked with the all-zero key, which the RFC
 * permits and which makes masking a no-op: the generator copies no payload to mask it.
 */
final class WebSocketFrames {
  static final int OP_CONTINUATION = 0;
  static final int OP_TEXT = 1;
  static final int OP_BINARY = 2;
  static final int OP_CLOSE = 8;
  static final int OP_PING = 9;

  /** The GET that upgrades to a WebSocket; the key is fixed, its answer is not checked. */
  static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

  private WebSocketFrames() {}

  /** A final text frame holding {@code payload}, masked with the zero key. */
  static ByteBuffer text(byte[] payload) {
    return frame(OP_TEXT, payload);
  }

  /** A final binary frame holding {@code payload}, masked with the zero key. */
  static ByteBuffer binary(byte[] payload) {
    return frame(OP_BINARY, payload);
  }

  /** A frame of {@code opcode} holding {@code payload}. */
  static ByteBuffer frame(int opcode, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
    frame.put((byte) (0x80 | opcode));
    if (length < 126) {
      frame.put((byte) (0x80 | length));
    } else if (length < 65536) {
      frame.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(length);
    }
    frame.putInt(0); // the masking key: zero, so the payload goes as it is
    frame.put(payload);
    return frame.flip();
  }

  /** Where the last frame read lies; reused, one per connection. */
  static final class Frame {
    int opcode;
    boolean fin;
    int payloadStart;
    int length;
  }

  /**
   * Reads the frame at the buffer's position into {@code out}. When the whole frame is there,
   * moves the position past it and returns {@code true}; otherwise returns {@code false} and
   * moves nothing.
   */
  static boolean next(ByteBuffer data, Frame out) {
    int start = data.position();
    int available = data.limit() - start;
    if (available < 2) {
      return false;
    }
    int b0 = data.get(start) & 0xFF;
    int b1 = data.get(start + 1) & 0xFF;
    if ((b1 & 0x80) != 0) {
      throw new IllegalStateException("A server must not mask frames");
    }
    long length = b1 & 0x7F;
    int header = 2;
    if (length == 126) {
      if (available < 4) {
        return false;
      }
      length = data.getShort(start + 2) & 0xFFFF;
      header = 4;
    } else if (length == 127) {
      if (available < 10) {
        return false;
      }
      length = data.getLong(start + 2);
      header = 10;
    }
    if (available < header + length) {
      return false;
    }
    out.opcode = b0 & 0x0F;
    out.fin = (b0 & 0x80) != 0;
    out.payloadStart = start + header;
    out.length = (int) length;
    data.position(out.payloadStart + out.length);
    return true;
  }
}
