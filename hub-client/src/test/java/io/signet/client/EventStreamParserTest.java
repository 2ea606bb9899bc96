package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event stream format, as the server writes it and as it may arrive in pieces. */
class EventStreamParserTest {
  private final List<String> events = new ArrayList<>();
  private final EventStreamParser parser = new EventStreamParser(data -> {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    events.add(new String(bytes, StandardCharsets.UTF_8));
  });

  private void feed(String... chunks) {
    for (String chunk : chunks) {
      parser.feed(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void whatSignalRServersWrite() {
    feed(":\r\n", "data: {}\u001e\r\n\r\n", "data: {\"type\":6}\u001e\r\n\r\n");

    assertThat(events).containsExactly("{}\u001e", "{\"type\":6}\u001e");
  }

  @Test
  void dataLinesAreJoinedWithNewlines() {
    feed("data: one\ndata:two\ndata\n\n");

    assertThat(events).containsExactly("one\ntwo\n");
  }

  @Test
  void everyLineEndCounts() {
    feed("data: a\r\rdata: b\n\ndata: c\r\n\r\n");

    assertThat(events).containsExactly("a", "b", "c");
  }

  @Test
  void piecesSplitAnywhereGiveTheSameEvents() {
    String stream = "\uFEFF:\r\ndata: h\u00e9llo\r\nid: 7\r\nevent: x\r\n\r\ndata: again\r\n\r\n";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      events.clear();
      EventStreamParser fresh = new EventStreamParser(data -> {
        byte[] event = new byte[data.remaining()];
        data.get(event);
        events.add(new String(event, StandardCharsets.UTF_8));
      });
      fresh.feed(ByteBuffer.wrap(bytes, 0, cut));
      fresh.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut));

      assertThat(events).as("cut at %d", cut).containsExactly("h\u00e9llo", "again");
    }
  }

  @Test
  void commentsOtherFieldsAndEmptyEventsGiveNothing() {
    feed(": keep-alive\n\nevent: ping\nretry: 10\n\n\n\n");

    assertThat(events).isEmpty();
  }

  @Test
  void anUnfinishedEventIsNotHandedOver() {
    feed("data: half");

    assertThat(events).isEmpty();
    feed("\n\n");
    assertThat(events).containsExactly("half");
  }

  @Test
  void longLinesGrowTheBuffers() {
    String big = "x".repeat(100_000);
    feed("data: " + big.substring(0, 5000), big.substring(5000) + "\n\n");

    assertThat(events).containsExactly(big);
  }
}
