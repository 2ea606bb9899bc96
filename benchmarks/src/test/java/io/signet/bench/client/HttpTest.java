package io.signet.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpTest {

  @Test
  void parsesAHeadOnlyWhenComplete() {
    ByteBuffer partial = ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n");
    assertThat(Http.parseHead(partial)).isNull();
    assertThat(partial.position()).isZero();

    ByteBuffer whole = ascii("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello");
    Http.Head head = Http.parseHead(whole);
    assertThat(head).isEqualTo(new Http.Head(200, 5, false));
    assertThat(whole.remaining()).isEqualTo(5);
  }

  @Test
  void readsAChunkBeforeItsTrailingCrlfArrives() {
    // Jetty sends the CRLF that ends a chunk's data only with the next chunk.
    ByteBuffer data = ascii("3\r\n:\r\n");
    long chunk = Http.nextChunk(data);
    assertThat((int) chunk).isEqualTo(3);
    assertThat(Http.ascii(data, (int) (chunk >>> 32), (int) (chunk >>> 32) + 3)).isEqualTo(":\r\n");

    ByteBuffer next = ascii("\r\n2\r\nab\r\n0\r\n\r\n");
    assertThat((int) Http.nextChunk(next)).isEqualTo(2);
    assertThat((int) Http.nextChunk(next)).isZero();
    assertThat(next.hasRemaining()).isFalse();
  }

  @Test
  void responseReaderJoinsChunkedBodies() {
    ResponseReader reader = new ResponseReader();
    ByteBuffer data = ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");

    assertThat(reader.read(data)).isTrue();
    assertThat(Http.ascii(reader.body(), reader.bodyStart(), reader.bodyEnd())).isEqualTo("abcde");
    assertThat(reader.read(data)).isTrue();
    assertThat(reader.status()).isEqualTo(204);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
