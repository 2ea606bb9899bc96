package io.signet.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  @Test
  void parsesAWholeHeadAndLeavesWhatFollows() {
    ByteBuffer data = ascii("GET /bench?x=1&id=abc HTTP/1.1\r\nHost: h\r\nConnection: keep-alive,"
        + " Upgrade\r\nUPGRADE: WebSocket\r\n\r\nrest");

    RequestHead head = RequestHead.parse(data);

    assertThat(head.error()).isZero();
    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.path()).isEqualTo("/bench");
    assertThat(head.query("id")).isEqualTo("abc");
    assertThat(head.query("y")).isNull();
    assertThat(head.header("host")).isEqualTo("h");
    assertThat(head.hasToken("Connection", "upgrade")).isTrue();
    assertThat(head.hasToken("upgrade", "websocket")).isTrue();
    assertThat(StandardCharsets.US_ASCII.decode(data).toString()).isEqualTo("rest");
  }

  @Test
  void waitsForTheBlankLine() {
    ByteBuffer data = ascii("POST /bench/negotiate HTTP/1.1\r\nHost: h\r\n");
    assertThat(RequestHead.parse(data)).isNull();
    assertThat(data.position()).isZero();
  }

  @Test
  void refusesAHeadPastTheLimitOrNotHttp() {
    ByteBuffer endless = ascii("GET / HTTP/1.1\r\nX: " + "a".repeat(RequestHead.LIMIT));
    assertThat(RequestHead.parse(endless).error()).isEqualTo(431);
    assertThat(RequestHead.parse(ascii("\r\n\r\n")).error()).isEqualTo(400);
    assertThat(RequestHead.parse(ascii("HELLO\r\n\r\n")).error()).isEqualTo(400);
    assertThat(RequestHead.parse(ascii("GET / SPDY/3\r\n\r\n")).error()).isEqualTo(400);
    assertThat(RequestHead.parse(ascii("GET / HTTP/1.1\r\nno colon\r\n\r\n")).error())
        .isEqualTo(400);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
