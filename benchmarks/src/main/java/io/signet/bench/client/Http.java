package io.signet.bench.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The little of HTTP/1.1 the generator needs: writing requests, and reading a response head and a
 * body framed by {@code Content-Length} or chunked encoding. Parsers work on absolute positions of
 * a buffer and never consume a partial unit.
 */
final class Http {
  /** A parsed response head. */
  record Head(int status, long contentLength, boolean chunked) {}

  private Http() {}

  static ByteBuffer request(String method, String target, String host, String extraHeaders,
      byte[] body) {
    StringBuilder head = new StringBuilder(160)
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(host)
        .append("\r\n").append(extraHeaders);
    if (body != null) {
      head.append("Content-Type: text/plain;charset=UTF-8\r\nContent-Length: ")
          .append(body.length).append("\r\n");
    } else if (method.equals("POST")) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer request = ByteBuffer.allocate(headBytes.length + (body == null ? 0 : body.length));
    request.put(headBytes);
    if (body != null) {
      request.put(body);
    }
    return request.flip();
  }

  /**
   * Parses the response head at the buffer's position and moves past it.
   *
   * @return the head, or {@code null} (position unchanged) when it is not complete yet
   */
  static Head parseHead(ByteBuffer data) {
    int start = data.position();
    int end = indexOf(data, start, data.limit(), "\r\n\r\n");
    if (end < 0) {
      return null;
    }
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    data.position(end + 4);
    String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase().contains("chunked");
      }
    }
    return new Head(status, contentLength, chunked);
  }

  /**
   * Finds the next chunk at the buffer's position whose data has fully arrived. Returns its data
   * as {@code [start, start + length)} packed into a long ({@code start << 32 | length}), moving
   * the position past the data; {@code -1} when the data is incomplete. A length of 0 is the last
   * chunk (trailers are not supported: the servers here send none).
   *
   * <p>The CRLF that ends a chunk's data is skipped at the next call rather than awaited: Jetty
   * sends it only with the next chunk, and an event stream's chunk must be read before that.
   */
  static long nextChunk(ByteBuffer data) {
    int start = data.position();
    if (data.limit() - start >= 2 && data.get(start) == '\r' && data.get(start + 1) == '\n') {
      start += 2;
    }
    int lineEnd = indexOf(data, start, data.limit(), "\r\n");
    if (lineEnd < 0) {
      return -1;
    }
    int size = 0;
    for (int i = start; i < lineEnd; i++) {
      int digit = Character.digit(data.get(i), 16);
      if (digit < 0) {
        break; // chunk extensions follow ';'
      }
      size = size * 16 + digit;
    }
    int dataStart = lineEnd + 2;
    int chunkEnd = dataStart + (size == 0 ? 2 : size); // the last chunk ends with an empty line
    if (chunkEnd > data.limit()) {
      return -1;
    }
    data.position(chunkEnd);
    return ((long) dataStart << 32) | size;
  }

  static int indexOf(ByteBuffer data, int from, int to, String needle) {
    int last = to - needle.length();
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (data.get(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String ascii(ByteBuffer data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
