package io.signet.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketIoMessagesTest {
  private final Protocol socketIo = Protocol.SOCKET_IO;

  @Test
  void writesTheEventsThePeerListensTo() {
    assertThat(text(socketIo.echo(7, 123, 2))).isEqualTo("427[\"echo\",\"T123|xx\"]");
    assertThat(text(socketIo.broadcast(5, 0))).isEqualTo("42[\"broadcast\",\"T5|\"]");
    assertThat(text(socketIo.groupSend("g1", 9, 1)))
        .isEqualTo("42[\"groupSend\",\"g1\",\"T9|x\"]");
    assertThat(text(socketIo.membership(true, 0, "g3"))).isEqualTo("420[\"join\",\"g3\"]");
    assertThat(text(socketIo.membership(false, 12, "g3"))).isEqualTo("4212[\"leave\",\"g3\"]");
    assertThat(text(socketIo.handshake())).isEqualTo("40");
  }

  @Test
  void typesEventsAsInvocationsAndAcksAsCompletions() {
    ByteBuffer delivery = ascii("42[\"receive\",\"T9|xx\"]");
    assertThat(socketIo.type(delivery, 0, delivery.limit())).isEqualTo(Messages.INVOCATION);
    assertThat(socketIo.stamp(delivery, 0, delivery.limit())).isEqualTo(9);

    ByteBuffer echoed = ascii("4317[\"T123|x\"]");
    assertThat(socketIo.type(echoed, 0, echoed.limit())).isEqualTo(Messages.COMPLETION);
    assertThat(socketIo.stamp(echoed, 0, echoed.limit())).isEqualTo(123);

    ByteBuffer joined = ascii("430[]");
    assertThat(socketIo.type(joined, 0, joined.limit())).isEqualTo(Messages.COMPLETION);
    assertThat(socketIo.stamp(joined, 0, joined.limit())).isEqualTo(-1);
    assertThat(socketIo.hasError(joined, 0, joined.limit())).isFalse();

    for (String other : new String[] {"2", "40{\"sid\":\"x\"}", "44{\"message\":\"no\"}", "4"}) {
      ByteBuffer packet = ascii(other);
      assertThat(socketIo.type(packet, 0, packet.limit())).as(other).isEqualTo(-1);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
