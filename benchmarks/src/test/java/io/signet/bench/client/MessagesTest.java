package io.signet.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void writesTheCallsTheServersExpect() {
    assertThat(text(Messages.echo(7, 123, 2))).isEqualTo("{\"type\":1,\"invocationId\":\"7\","
        + "\"target\":\"Echo\",\"arguments\":[\"T123|xx\"]}\u001e");
    assertThat(text(Messages.groupSend("g1", 5, 0))).isEqualTo(
        "{\"type\":1,\"target\":\"GroupSend\",\"arguments\":[\"g1\",\"T5|\"]}\u001e");
  }

  @Test
  void readsTypeAndStampWithoutParsingJson() {
    ByteBuffer signet = ascii("{\"type\":3,\"invocationId\":\"7\",\"result\":\"T123|xx\"}");
    assertThat(Messages.type(signet, 0, signet.limit())).isEqualTo(Messages.COMPLETION);
    assertThat(Messages.stamp(signet, 0, signet.limit())).isEqualTo(123);

    ByteBuffer jsOrder = ascii("{\"target\":\"Receive\",\"arguments\":[\"T9|\"],\"type\":1}");
    assertThat(Messages.type(jsOrder, 0, jsOrder.limit())).isEqualTo(Messages.INVOCATION);

    ByteBuffer ack = ascii("{\"type\":3,\"invocationId\":\"1\",\"result\":null}");
    assertThat(Messages.stamp(ack, 0, ack.limit())).isEqualTo(-1);
    assertThat(Messages.hasError(ack, 0, ack.limit())).isFalse();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
