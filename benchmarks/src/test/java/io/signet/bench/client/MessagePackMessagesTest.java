package io.signet.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.PingMessage;
import io.signet.protocol.UnboundValue;
import io.signet.protocol.msgpack.MessagePackHubProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's hand-made MessagePack against Signet's real MessagePack protocol, both ways:
 * what the generator writes parses to the calls it means, and what a server writes is read
 * correctly by the generator's scanning.
 */
class MessagePackMessagesTest {
  private final MessagePackHubProtocol server = new MessagePackHubProtocol();

  @Test
  void writesCallsTheServerParses() throws Exception {
    InvocationMessage echo = parseOne(Protocol.MESSAGEPACK.echo(7, 123, 40));
    assertThat(echo.invocationId()).isEqualTo("7");
    assertThat(echo.target()).isEqualTo("Echo");
    assertThat(argument(echo, 0)).isEqualTo("T123|" + "x".repeat(40));

    InvocationMessage broadcast = parseOne(Protocol.MESSAGEPACK.broadcast(5, 0));
    assertThat(broadcast.invocationId()).isNull();
    assertThat(broadcast.target()).isEqualTo("Broadcast");
    assertThat(argument(broadcast, 0)).isEqualTo("T5|");

    InvocationMessage groupSend = parseOne(Protocol.MESSAGEPACK.groupSend("g1", 9, 300));
    assertThat(groupSend.target()).isEqualTo("GroupSend");
    assertThat(argument(groupSend, 0)).isEqualTo("g1");
    assertThat(argument(groupSend, 1)).isEqualTo("T9|" + "x".repeat(300));

    InvocationMessage leave = parseOne(Protocol.MESSAGEPACK.membership(false, 12, "g3"));
    assertThat(leave.invocationId()).isEqualTo("12");
    assertThat(leave.target()).isEqualTo("Leave");
    assertThat(argument(leave, 0)).isEqualTo("g3");
  }

  @Test
  void readsWhatTheServerWrites() {
    byte[] delivery = server.writeMessage(
        InvocationMessage.nonBlocking("Receive", List.of("T77|xxxx")));
    byte[] echoed =
        server.writeMessage(CompletionMessage.withResult("3", "T88|" + "x".repeat(200)));
    byte[] ack = server.writeMessage(CompletionMessage.empty("4"));
    byte[] error = server.writeMessage(CompletionMessage.withError("5", "No such group"));
    byte[] ping = server.writeMessage(PingMessage.INSTANCE);
    ByteBuffer all = ByteBuffer.allocate(delivery.length + echoed.length + ack.length
        + error.length + ping.length);
    all.put(delivery).put(echoed).put(ack).put(error).put(ping).flip();

    List<String> seen = new ArrayList<>();
    Protocol.MESSAGEPACK.split(all, 0, all.limit(), new Protocol.Records() {
      @Override
      public boolean record(ByteBuffer data, int start, int end) {
        Protocol p = Protocol.MESSAGEPACK;
        seen.add(p.type(data, start, end) + "/" + p.stamp(data, start, end) + "/"
            + p.hasError(data, start, end));
        return true;
      }

      @Override
      public void truncated(String rest) {
        seen.add("truncated");
      }
    });

    assertThat(seen).containsExactly("1/77/false", "3/88/false", "3/-1/false", "3/-1/true",
        "6/-1/false");
  }

  @Test
  void reportsAMessageCutShort() {
    byte[] delivery = server.writeMessage(
        InvocationMessage.nonBlocking("Receive", List.of("T1|xx")));
    ByteBuffer cut = ByteBuffer.wrap(delivery, 0, delivery.length - 1);
    List<String> seen = new ArrayList<>();
    Protocol.MESSAGEPACK.split(cut, 0, cut.limit(), new Protocol.Records() {
      @Override
      public boolean record(ByteBuffer data, int start, int end) {
        seen.add("record");
        return true;
      }

      @Override
      public void truncated(String rest) {
        seen.add("truncated");
      }
    });
    assertThat(seen).containsExactly("truncated");
  }

  private InvocationMessage parseOne(byte[] bytes) throws Exception {
    List<HubMessage> out = new ArrayList<>();
    server.parseMessages(ByteBuffer.wrap(bytes), MessageLimits.of(1 << 20), out);
    assertThat(out).hasSize(1);
    return (InvocationMessage) out.get(0);
  }

  private static Object argument(InvocationMessage message, int index) throws Exception {
    return ((UnboundValue) message.arguments().get(index)).bind(String.class);
  }
}
