package io.signet.bench.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the nio floor answers over HTTP: negotiate, the WebSocket upgrade of the hub path, and a
 * refusal that ends the connection for anything else. No request here has a body, so one with a
 * body is refused too. Confined to the server's thread.
 */
final class HttpAnswers {
  /** The hub path the generator uses. */
  static final String HUB_PATH = "/bench";

  /** What the connection does once the answer is sent. */
  enum Next {
    /** Reads the next request. */
    KEEP_ALIVE,
    /** Speaks WebSocket. */
    UPGRADE,
    /** Closes. */
    CLOSE
  }

  /** The bytes to send, and what comes after them. */
  record Answer(byte[] bytes, Next next) {}

  private long connections; // tokens handed out, to make them unique

  /** The answer to {@code head}. */
  Answer answer(RequestHead head) {
    if (head.error() != 0) {
      return refuse(head.error());
    }
    String length = head.header("content-length");
    if (head.header("transfer-encoding") != null || length != null && !length.equals("0")) {
      return refuse(400);
    }
    if (head.method().equals("POST") && head.path().equals(HUB_PATH + "/negotiate")) {
      return negotiate(head);
    }
    if (head.method().equals("GET") && head.path().equals(HUB_PATH)) {
      return upgrade(head);
    }
    return refuse(404);
  }

  /**
   * Negotiate, version 1, offering WebSockets only. The floor keeps no state for it: like the
   * Jetty floor, it accepts any token on the upgrade.
   */
  private Answer negotiate(RequestHead head) {
    String token = Long.toString(++connections, 36);
    byte[] body = ascii("{\"negotiateVersion\":1,\"connectionId\":\"" + token
        + "\",\"connectionToken\":\"" + token + "\",\"availableTransports\":["
        + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]}]}");
    boolean close = head.hasToken("connection", "close");
    byte[] response = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n" + (close ? "Connection: close\r\n" : "")
        + "\r\n");
    byte[] bytes = new byte[response.length + body.length];
    System.arraycopy(response, 0, bytes, 0, response.length);
    System.arraycopy(body, 0, bytes, response.length, body.length);
    return new Answer(bytes, close ? Next.CLOSE : Next.KEEP_ALIVE);
  }

  private static Answer upgrade(RequestHead head) {
    String key = head.header("sec-websocket-key");
    String id = head.query("id");
    if (!head.hasToken("upgrade", "websocket") || !head.hasToken("connection", "upgrade")
        || !"13".equals(head.header("sec-websocket-version")) || !isKey(key)
        || id == null || id.isEmpty()) {
      return refuse(400);
    }
    return new Answer(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + Rfc6455.acceptKey(key)
        + "\r\n\r\n"), Next.UPGRADE);
  }

  /** A key is 16 bytes in Base64 (RFC 6455, section 4.1). */
  private static boolean isKey(String key) {
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Answer refuse(int status) {
    String reason = switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 431 -> "Request Header Fields Too Large";
      default -> "Error";
    };
    return new Answer(ascii("HTTP/1.1 " + status + " " + reason
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), Next.CLOSE);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
