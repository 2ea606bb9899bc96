package io.signet.bench.server;

import java.nio.ByteBuffer;

/**
 * Where one client frame lies in a buffer (RFC 6455, section 5.2), once its header is checked
 * against what a server must refuse; and its payload, unmasked in place. One instance serves every
 * frame its thread reads.
 */
final class ClientFrame {
  /** {@link #read} found a whole frame. */
  static final int COMPLETE = 0;
  /** {@link #read} needs more bytes. */
  static final int INCOMPLETE = -1;

  int opcode;
  boolean fin;
  int payloadStart;
  int length;
  private int mask;

  /**
   * Reads the frame at the buffer's position, without moving it.
   *
   * @param maxPayload the longest payload accepted; a longer one is refused from its header,
   *     before its bytes are waited for
   * @return {@link #COMPLETE} when the whole frame is there, {@link #INCOMPLETE} when more
   *     bytes are needed, or else the close code to end the connection with
   */
  int read(ByteBuffer data, int maxPayload) {
    int start = data.position();
    int available = data.limit() - start;
    if (available < 2) {
      return INCOMPLETE;
    }
    int b0 = data.get(start) & 0xFF;
    int b1 = data.get(start + 1) & 0xFF;
    if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0) {
      return Rfc6455.CLOSE_PROTOCOL_ERROR; // no extension was agreed; clients must mask
    }
    int op = b0 & 0x0F;
    boolean last = (b0 & 0x80) != 0;
    long payload = b1 & 0x7F;
    int header = 2;
    if (payload == 126) {
      if (available < 4) {
        return INCOMPLETE;
      }
      payload = data.getShort(start + 2) & 0xFFFF;
      header = 4;
    } else if (payload == 127) {
      if (available < 10) {
        return INCOMPLETE;
      }
      payload = data.getLong(start + 2);
      header = 10;
    }
    if (op >= Rfc6455.OP_CLOSE && (!last || payload > 125)) {
      return Rfc6455.CLOSE_PROTOCOL_ERROR; // control frames are short and never fragmented
    }
    if (payload < 0 || payload > maxPayload) {
      return Rfc6455.CLOSE_TOO_BIG;
    }
    header += 4;
    if (available < header + payload) {
      return INCOMPLETE;
    }
    opcode = op;
    fin = last;
    mask = data.getInt(start + header - 4);
    payloadStart = start + header;
    length = (int) payload;
    return COMPLETE;
  }

  /** Where the frame read last ends. */
  int end() {
    return payloadStart + length;
  }

  /** Unmasks the payload of the frame read last, in place. */
  void unmask(ByteBuffer data) {
    if (mask == 0) {
      return; // the generator's key: masking is the identity
    }
    int i = payloadStart;
    int end = end();
    for (; i + 4 <= end; i += 4) {
      data.putInt(i, data.getInt(i) ^ mask);
    }
    for (int shift = 24; i < end; i++, shift -= 8) {
      data.put(i, (byte) (data.get(i) ^ (mask >>> shift)));
    }
  }
}
