package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * Reads whole HTTP responses off one connection, one after the other: a head and a body framed by
 * {@code Content-Length} or chunked encoding. After {@link #read} returns {@code true}, the body
 * is {@code [bodyStart, bodyEnd)} of {@link #body()} until the next call, which starts the next
 * response.
 */
final class ResponseReader {
  private Http.Head head;
  private ByteBuffer chunks; // chunked bodies are joined here
  private ByteBuffer body;
  private int bodyStart;
  private int bodyEnd;
  private boolean done; // the last call returned a whole response

  /**
   * Consumes the next response when it is complete; a partial one is consumed only as far as its
   * head and whole chunks, which this reader keeps.
   *
   * @return whether a whole response is ready
   */
  boolean read(ByteBuffer data) {
    if (done) {
      head = null;
      body = null;
      done = false;
    }
    if (head == null) {
      head = Http.parseHead(data);
      if (head == null) {
        return false;
      }
    }
    if (head.chunked()) {
      return readChunks(data);
    }
    long length = Math.max(0, head.contentLength());
    if (data.remaining() < length) {
      return false;
    }
    body = data;
    bodyStart = data.position();
    bodyEnd = bodyStart + (int) length;
    data.position(bodyEnd);
    done = true;
    return true;
  }

  private boolean readChunks(ByteBuffer data) {
    long chunk;
    while ((chunk = Http.nextChunk(data)) >= 0) {
      int start = (int) (chunk >>> 32);
      int length = (int) chunk;
      if (length == 0) {
        body = chunks == null ? ByteBuffer.allocate(0) : chunks.flip();
        chunks = null;
        bodyStart = 0;
        bodyEnd = body.limit();
        done = true;
        return true;
      }
      ensure(length);
      chunks.put(chunks.position(), data, start, length);
      chunks.position(chunks.position() + length);
    }
    return false;
  }

  private void ensure(int more) {
    if (chunks == null) {
      chunks = ByteBuffer.allocate(Math.max(1024, more));
    } else if (chunks.remaining() < more) {
      ByteBuffer grown = ByteBuffer.allocate(Math.max(chunks.capacity() * 2,
          chunks.position() + more));
      chunks.flip();
      grown.put(chunks);
      chunks = grown;
    }
  }

  /** The status of the response just read. */
  int status() {
    return head.status();
  }

  ByteBuffer body() {
    return body;
  }

  int bodyStart() {
    return bodyStart;
  }

  int bodyEnd() {
    return bodyEnd;
  }
}
