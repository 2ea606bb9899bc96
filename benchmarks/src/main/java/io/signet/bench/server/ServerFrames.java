package io.signet.bench.server;

/**
 * WebSocket frames as a server writes them (RFC 6455, section 5.2): final and unmasked, so that a
 * frame's bytes, header and all, are the same for every recipient and are built once.
 */
final class ServerFrames {
  private ServerFrames() {}

  /** A final text frame holding {@code payload}. */
  static byte[] text(byte[] payload) {
    return frame(Rfc6455.OP_TEXT, payload, 0, payload.length);
  }

  /** A close frame with {@code code} and no reason. */
  static byte[] close(int code) {
    return frame(Rfc6455.OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, 0, 2);
  }

  /** A final frame of {@code opcode} holding {@code payload[offset, offset + length)}. */
  static byte[] frame(int opcode, byte[] payload, int offset, int length) {
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) (0x80 | opcode);
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length < 65536) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, offset, frame, header, length);
    return frame;
  }
}
