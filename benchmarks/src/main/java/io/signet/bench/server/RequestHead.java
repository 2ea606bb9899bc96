package io.signet.bench.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 request head, parsed as far as the nio floor needs: method, target and headers. A
 * head may be at most {@link #LIMIT} bytes, so that no client makes the server buffer without
 * bound; a head that is too long or not HTTP carries the status to refuse it with.
 */
final class RequestHead {
  /** The longest head accepted, terminating blank line included. */
  static final int LIMIT = 8192;

  private final int error;
  private final String method;
  private final String target;
  private final Map<String, String> headers;

  private RequestHead(int error, String method, String target, Map<String, String> headers) {
    this.error = error;
    this.method = method;
    this.target = target;
    this.headers = headers;
  }

  /**
   * Parses the head at the buffer's position and moves past it.
   *
   * @return the head, possibly one whose {@link #error()} is set; or {@code null}, position
   *     unchanged, when it is not complete yet
   */
  static RequestHead parse(ByteBuffer data) {
    int start = data.position();
    int end = endOfHead(data, start, Math.min(data.limit(), start + LIMIT));
    if (end < 0) {
      return data.remaining() >= LIMIT ? failed(431) : null;
    }
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    data.position(end + 4);
    String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3 || requestLine[0].isEmpty() || !requestLine[1].startsWith("/")
        || !requestLine[2].startsWith("HTTP/1.")) {
      return failed(400);
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        return failed(400);
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      headers.merge(name, value, (first, next) -> first + "," + next);
    }
    if (requestLine[2].equals("HTTP/1.0")) {
      headers.merge("connection", "close", (first, next) -> first + "," + next);
    }
    return new RequestHead(0, requestLine[0], requestLine[1], headers);
  }

  private static RequestHead failed(int status) {
    return new RequestHead(status, "", "/", Map.of());
  }

  private static int endOfHead(ByteBuffer data, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (data.get(i) == '\r' && data.get(i + 1) == '\n' && data.get(i + 2) == '\r'
          && data.get(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** 0 for a head that parsed, else the status to refuse it with (400 or 431). */
  int error() {
    return error;
  }

  String method() {
    return method;
  }

  /** The target without its query. */
  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** The value of query parameter {@code name} (not decoded), or {@code null}. */
  String query(String name) {
    int query = target.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String parameter : target.substring(query + 1).split("&")) {
      if (parameter.startsWith(name + "=")) {
        return parameter.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** The header's value (repeated headers joined by commas), or {@code null}. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Whether the comma-separated header {@code name} lists {@code token}, in any case. */
  boolean hasToken(String name, String token) {
    String value = header(name);
    if (value == null) {
      return false;
    }
    for (String item : value.split(",")) {
      if (item.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
