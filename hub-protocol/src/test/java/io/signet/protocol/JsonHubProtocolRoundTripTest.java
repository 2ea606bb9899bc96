package io.signet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages written, parsed and written again, as a forwarding server would. */
class JsonHubProtocolRoundTripTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  static Stream<HubMessage> messages() {
    Map<String, String> headers = Map.of("k", "v");
    return Stream.of(
        new InvocationMessage("1", "Send", Arrays.asList("a", null, 3.5, List.of(1, 2)),
            List.of("s1", "s2"), headers),
        InvocationMessage.nonBlocking("Broadcast", List.of(Map.of("x", true))),
        new StreamItemMessage("2", Map.of("n", 7), headers),
        CompletionMessage.withResult("3", List.of("r")),
        CompletionMessage.withResult("3", null),
        CompletionMessage.withError("3", "failed"),
        CompletionMessage.empty("3"),
        new StreamInvocationMessage("4", "Counter", List.of(10, 500), List.of(), headers),
        new CancelInvocationMessage("4", headers),
        PingMessage.INSTANCE,
        new CloseMessage("Connection closed with an error.", true),
        new AckMessage(Long.MAX_VALUE),
        new SequenceMessage(1));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void writtenParsedAndWrittenAgainGivesTheSameBytes(HubMessage message) throws Exception {
    byte[] written = protocol.writeMessage(message);

    HubMessage parsed = parse(written);

    assertThat(parsed.type()).isEqualTo(message.type());
    assertThat(protocol.writeMessage(parsed)).isEqualTo(written);
  }

  @Test
  void envelopeFieldsSurviveTheRoundTrip() throws Exception {
    InvocationMessage message = new InvocationMessage(
        "1", "Send", List.of("a", 2), List.of("s"), Map.of("k", "v"));

    InvocationMessage parsed = (InvocationMessage) parse(protocol.writeMessage(message));

    assertThat(parsed.invocationId()).isEqualTo("1");
    assertThat(parsed.target()).isEqualTo("Send");
    assertThat(parsed.streamIds()).containsExactly("s");
    assertThat(parsed.headers()).isEqualTo(Map.of("k", "v"));
    assertThat(((UnboundValue) parsed.arguments().get(0)).bind(String.class)).isEqualTo("a");
    assertThat(((UnboundValue) parsed.arguments().get(1)).bind(int.class)).isEqualTo(2);
  }

  @Test
  void nonAsciiTextSurvivesTheRoundTrip() throws Exception {
    String text = "Grüße, 世界 😀";

    StreamItemMessage parsed =
        (StreamItemMessage) parse(protocol.writeMessage(new StreamItemMessage("1", text, null)));

    assertThat(((UnboundValue) parsed.item()).bind(String.class)).isEqualTo(text);
  }

  @Test
  void payloadRecordSurvivesTheRoundTrip() throws Exception {
    Person ann = new Person("Ann", 30, Color.GREEN);

    CompletionMessage parsed =
        (CompletionMessage) parse(protocol.writeMessage(CompletionMessage.withResult("1", ann)));

    assertThat(((UnboundValue) parsed.result()).bind(Person.class)).isEqualTo(ann);
  }

  private HubMessage parse(byte[] bytes) throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = ByteBuffer.wrap(bytes);
    protocol.parseMessages(input, 0, out);
    assertThat(input.hasRemaining()).isFalse();
    assertThat(out).hasSize(1);
    return out.get(0);
  }
}
