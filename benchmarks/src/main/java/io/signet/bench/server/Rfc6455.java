package io.signet.bench.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** What RFC 6455 fixes and the nio floor needs: opcodes, close codes and the accept key. */
final class Rfc6455 {
  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_BINARY = 0x2;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;
  static final int OP_PONG = 0xA;

  static final int CLOSE_PROTOCOL_ERROR = 1002;
  static final int CLOSE_TOO_BIG = 1009;

  /** Appended to the client's key before hashing (section 1.3). */
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Rfc6455() {}

  /** The {@code Sec-WebSocket-Accept} value for {@code key}: Base64 of SHA-1 of key + GUID. */
  static String acceptKey(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-1", e);
    }
  }
}
