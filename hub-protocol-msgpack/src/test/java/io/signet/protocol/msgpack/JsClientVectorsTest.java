package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.Parsing.parseAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Frames as the JS client writes them: bytes captured from {@code MessagePackHubProtocol} of
 * {@code @microsoft/signalr-protocol-msgpack} 10.0.11 (on {@code @msgpack/msgpack} 2.8.0) writing
 * the messages its {@code HubConnection} sends. JS writes Invocation without StreamIds when there
 * are none, Close as {@code [7, nil]}, dates as timestamps and whole numbers as integers.
 */
class JsClientVectorsTest {

  /**
   * {@code {type: 1, target: "Send", invocationId: "0", arguments: ["alice", 42, 1.5, true, null,
   * new Date(Date.UTC(2017, 3, 11)), new Uint8Array([1, 2, 3]), {name: "Ann", age: 3, favourite:
   * "BLUE"}, [1, [2, 3]], 2 ** 40, -7]}}.
   */
  private static final String SEND = "55950180a130a453656e649ba5616c6963652acb3ff8000000000000c3c0"
      + "d6ff58ec1c80c40301020383a46e616d65a3416e6ea361676503a96661766f7572697465a4424c5545920192"
      + "0203cf0000010000000000f9";

  @Test
  void bindsEveryKindOfArgumentTheJsClientSends() throws Exception {
    InvocationMessage send = (InvocationMessage) parseAll(TestBytes.hex(SEND)).get(0);
    List<Object> args = send.arguments();

    assertThat(send.invocationId()).isEqualTo("0");
    assertThat(send.streamIds()).isEmpty();
    assertThat(bind(args.get(0), String.class)).isEqualTo("alice");
    assertThat(bind(args.get(1), int.class)).isEqualTo(42);
    assertThat(bind(args.get(2), double.class)).isEqualTo(1.5);
    assertThat(bind(args.get(3), boolean.class)).isEqualTo(true);
    assertThat(bind(args.get(4), String.class)).isNull();
    assertThat(bind(args.get(5), Instant.class)).isEqualTo(Instant.parse("2017-04-11T00:00:00Z"));
    assertThat(bind(args.get(6), byte[].class)).isEqualTo(new byte[] {1, 2, 3});
    assertThat(bind(args.get(7), Person.class)).isEqualTo(new Person("Ann", 3, Color.BLUE));
    assertThat(bind(args.get(8), Object.class)).isEqualTo(List.of(1, List.of(2, 3)));
    assertThat(bind(args.get(9), long.class)).isEqualTo(1L << 40);
    assertThat(bind(args.get(10), int.class)).isEqualTo(-7);
  }

  @Test
  void parsesEveryMessageTheJsClientSends() throws Exception {
    byte[] all = TestBytes.hex("0a950180c0a44669726590" // send("Fire")
        + "12960180a131a655706c6f616491a17891a132" // invoke("Upload", "x", subject)
        + "0f950480a133a7436f756e7465729105" // stream("Counter", 5)
        + "12940280a13281a161d7ff1d5353005e0be100" // upload item {a: Date with milliseconds}
        + "06940380a13202" // upload complete
        + "0b950380a13401a4626f6f6d" // upload error "boom"
        + "07950380a13503c0" // client result null
        + "05930580a133" // stream disposed
        + "029106" // ping
        + "039207c0" // stop()
        + "03920824" // ack 36
        + "0b9209cf0000010000000000"); // sequence 2 ** 40

    List<HubMessage> messages = parseAll(all);

    assertThat(messages).hasSize(12);
    assertThat(messages.get(0)).isEqualTo(InvocationMessage.nonBlocking("Fire", List.of()));
    InvocationMessage upload = (InvocationMessage) messages.get(1);
    assertThat(upload.streamIds()).containsExactly("2");
    assertThat(((StreamInvocationMessage) messages.get(2)).target()).isEqualTo("Counter");
    StreamItemMessage item = (StreamItemMessage) messages.get(3);
    assertThat(bind(item.item(), Object.class))
        .isEqualTo(Map.of("a", Instant.parse("2020-01-01T00:00:00.123Z")));
    assertThat(messages.get(4)).isEqualTo(CompletionMessage.empty("2"));
    assertThat(messages.get(5)).isEqualTo(CompletionMessage.withError("4", "boom"));
    CompletionMessage result = (CompletionMessage) messages.get(6);
    assertThat(result.hasResult()).isTrue();
    assertThat(bind(result.result(), String.class)).isNull();
    assertThat(messages.subList(7, 12)).containsExactly(new CancelInvocationMessage("3", null),
        PingMessage.INSTANCE, CloseMessage.EMPTY, new AckMessage(36),
        new SequenceMessage(1L << 40));
  }

  private static Object bind(Object value, Class<?> type) throws Exception {
    return ((UnboundValue) value).bind(type);
  }
}
