package io.signet.transport.jetty.internal;

/**
 * The header of a whole, unmasked WebSocket frame sent by a server (RFC 6455, section 5.2): FIN
 * and the opcode, then the payload length in 7, 7+16 or 7+64 bits. Jetty's own header generator
 * is not exported from its module; {@code FrameHeaderTest} checks these bytes against it.
 */
final class FrameHeader {
  private static final int FIN = 0x80;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private FrameHeader() {}

  /** The header for a final frame of {@code opcode} carrying {@code length} bytes. */
  static byte[] of(byte opcode, int length) {
    byte first = (byte) (FIN | opcode);
    if (length < LENGTH_16) {
      return new byte[] {first, (byte) length};
    }
    if (length <= 0xFFFF) {
      return new byte[] {first, LENGTH_16, (byte) (length >>> 8), (byte) length};
    }
    // An int is at most 2^31 - 1: the four high bytes of the 64-bit length are zero.
    return new byte[] {first, LENGTH_64, 0, 0, 0, 0,
        (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }
}
