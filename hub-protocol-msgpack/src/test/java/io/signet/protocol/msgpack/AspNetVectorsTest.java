package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.Parsing.PROTOCOL;
import static io.signet.protocol.msgpack.Parsing.parseBody;
import static io.signet.protocol.msgpack.TestBytes.frame;
import static io.signet.protocol.msgpack.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes ASP.NET Core's own tests expect of its MessagePack protocol, written and parsed here:
 * {@link AspNetVectors}, the examples of the protocol specification (HubProtocol.md), its invalid
 * payloads with their error texts, and its message sizes.
 */
class AspNetVectorsTest {

  static Stream<AspNetVectors.Vector> vectors() {
    return Stream.concat(AspNetVectors.base().stream(), AspNetVectors.objects().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void writesTheBytesDotNetWrites(AspNetVectors.Vector vector) {
    assertThat(hex(PROTOCOL.writeMessage(vector.message()))).isEqualTo(hex(frame(vector.body())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parsesWhatDotNetWrites(AspNetVectors.Vector vector) throws Exception {
    HubMessage parsed = parseBody(vector.body());

    assertThat(Parsing.bindLike(parsed, vector.message())).isEqualTo(vector.message());
    // A parsed message forwarded as it is (a client result, a relayed stream item) keeps its bytes.
    assertThat(hex(PROTOCOL.writeMessage(parsed))).isEqualTo(hex(frame(vector.body())));
  }

  /** HubProtocol.md's examples; Ack and Sequence use a wider integer than .NET writes. */
  @Test
  void parsesTheSpecificationsExamples() throws Exception {
    assertThat(parseBody(TestBytes.hex("96 01 80 A3 78 79 7A A6 6D 65 74 68 6F 64 91 2A 90")))
        .isEqualTo(new InvocationMessage("xyz", "method", List.of(argument(42)), null, null));
    assertThat(parseBody(TestBytes.hex("96 01 80 C0 A6 6D 65 74 68 6F 64 91 2A 90")))
        .isEqualTo(InvocationMessage.nonBlocking("method", List.of(argument(42))));
    assertThat(parseBody(TestBytes.hex(
        "96 01 82 A1 78 A1 79 A1 7A A1 7A A3 78 79 7A A6 6D 65 74 68 6F 64 91 2A 90")))
        .isEqualTo(new InvocationMessage("xyz", "method", List.of(argument(42)), null,
            Map.of("x", "y", "z", "z")));
    assertThat(parseBody(TestBytes.hex("96 04 80 A3 78 79 7A A6 6D 65 74 68 6F 64 91 2A 90")))
        .isEqualTo(new StreamInvocationMessage("xyz", "method", List.of(argument(42)), null,
            null));
    assertThat(parseBody(TestBytes.hex("94 02 80 A3 78 79 7A 2A")))
        .isEqualTo(new StreamItemMessage("xyz", argument(42), null));
    assertThat(parseBody(TestBytes.hex("95 03 80 A3 78 79 7A 01 A5 45 72 72 6F 72")))
        .isEqualTo(CompletionMessage.withError("xyz", "Error"));
    assertThat(parseBody(TestBytes.hex("94 03 80 A3 78 79 7A 02")))
        .isEqualTo(CompletionMessage.empty("xyz"));
    assertThat(parseBody(TestBytes.hex("95 03 80 A3 78 79 7A 03 2A")))
        .isEqualTo(CompletionMessage.withResult("xyz", argument(42)));
    assertThat(parseBody(TestBytes.hex("93 05 80 A3 78 79 7A")))
        .isEqualTo(new CancelInvocationMessage("xyz", null));
    assertThat(parseBody(TestBytes.hex("91 06"))).isEqualTo(PingMessage.INSTANCE);
    assertThat(parseBody(TestBytes.hex("92 07 A3 78 79 7A")))
        .isEqualTo(new CloseMessage("xyz", false));
    assertThat(parseBody(TestBytes.hex("93 07 A3 78 79 7A C3")))
        .isEqualTo(new CloseMessage("xyz", true));
    assertThat(parseBody(TestBytes.hex("92 08 CC 24"))).isEqualTo(new AckMessage(36));
    assertThat(parseBody(TestBytes.hex("92 09 CC 13"))).isEqualTo(new SequenceMessage(19));
  }

  /** .NET writes integers in their shortest form: 36 is a positive fixint, not {@code CC 24}. */
  @Test
  void writesSequenceIdsInTheirShortestForm() {
    assertThat(hex(PROTOCOL.writeMessage(new AckMessage(36)))).isEqualTo("03 92 08 24");
    assertThat(hex(PROTOCOL.writeMessage(new SequenceMessage(19)))).isEqualTo("03 92 09 13");
    assertThat(hex(PROTOCOL.writeMessage(new AckMessage(300)))).isEqualTo("05 92 08 CD 01 2C");
    assertThat(hex(PROTOCOL.writeMessage(new SequenceMessage(1L << 40))))
        .isEqualTo("0B 92 09 CF 00 00 01 00 00 00 00 00");
  }

  /** {@code ParseMessageWithExtraData}: elements past those of the message type are ignored. */
  @Test
  void ignoresExtraElements() throws Exception {
    HubMessage message = parseBody(TestBytes.hex(
        "98 01 80 A3 78 79 7A A6 6D 65 74 68 6F 64 90 90 C3 A2 65 78"));

    assertThat(message).isEqualTo(new InvocationMessage("xyz", "method", List.of(), null, null));
  }

  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        Arguments.of("91 A3 66 6F 6F", "Reading 'messageType' as Int32 failed."),
        Arguments.of("92 01 A3 66 6F 6F", "Reading map length for 'headers' failed."),
        Arguments.of("92 01 82 2A A3 66 6F 6F", "Reading 'headers[0].Key' as String failed."),
        Arguments.of("92 01 82 A3 66 6F 6F 2A", "Reading 'headers[0].Value' as String failed."),
        Arguments.of("92 01 84 A3 66 6F 6F A3 66 6F 6F 90 A3 66 6F 6F",
            "Reading 'headers[1].Key' as String failed."),
        Arguments.of("92 01 84 A3 66 6F 6F A3 66 6F 6F A3 66 6F 6F 90",
            "Reading 'headers[1].Value' as String failed."),
        Arguments.of("92 01 80", "Reading 'invocationId' as String failed."),
        // .NET reads on past the one element this array declares and fails at the boolean; the
        // elements are counted here, and the headers are the first one missing.
        Arguments.of("91 01 80 C2", "Reading map length for 'headers' failed."),
        Arguments.of("93 01 80 A3 61 62 63", "Reading 'target' as String failed."),
        Arguments.of("94 01 80 A3 61 62 63 2A", "Reading 'target' as String failed."),
        Arguments.of("92 04 80", "Reading 'invocationId' as String failed."),
        Arguments.of("93 04 80 C2", "Reading 'invocationId' as String failed."),
        Arguments.of("93 04 80 A3 61 62 63", "Reading 'target' as String failed."),
        Arguments.of("94 04 80 A3 61 62 63 2A", "Reading 'target' as String failed."),
        Arguments.of("92 02 80", "Reading 'invocationId' as String failed."),
        Arguments.of("93 02 80 C2", "Reading 'invocationId' as String failed."),
        Arguments.of("92 03 80", "Reading 'invocationId' as String failed."),
        Arguments.of("93 03 80 C2", "Reading 'invocationId' as String failed."),
        Arguments.of("94 03 80 A3 78 79 7A A3 78 79 7A", "Reading 'resultKind' as Int32 failed."),
        Arguments.of("94 03 80 A3 78 79 7A 2A", "Invalid invocation result kind."),
        Arguments.of("94 03 80 A3 78 79 7A 01", "Reading 'error' as String failed."),
        Arguments.of("95 03 80 A3 78 79 7A 01 2A", "Reading 'error' as String failed."),
        // .NET binds the result while parsing and names the type it failed to bind; here the
        // result is bound later, by the hub layer, so only its absence is a parse error.
        Arguments.of("94 03 80 A3 78 79 7A 03", "Reading 'result' failed."),
        Arguments.of("94 01 80 A3 61 62 63 A3 78 79 7A",
            "Reading array length for 'arguments' failed."),
        Arguments.of("95 01 80 A3 61 62 63 A3 78 79 7A 2A",
            "Reading array length for 'arguments' failed."),
        Arguments.of("94 04 80 A3 61 62 63 A3 78 79 7A",
            "Reading array length for 'arguments' failed."),
        Arguments.of("95 04 80 A3 61 62 63 A3 78 79 7A 2A",
            "Reading array length for 'arguments' failed."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPayloads")
  void refusesWhatDotNetRefusesWithItsText(String body, String error) {
    assertThatThrownBy(() -> parseBody(TestBytes.hex(body)))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage(error);
  }

  /** {@code ParserDoesNotConsumePartialData}. */
  @Test
  void leavesAPartialFrameInPlace() throws Exception {
    java.nio.ByteBuffer input = java.nio.ByteBuffer.wrap(TestBytes.hex("05 01"));
    java.util.List<HubMessage> out = new java.util.ArrayList<>();

    PROTOCOL.parseMessages(input, 0, out);

    assertThat(out).isEmpty();
    assertThat(input.position()).isZero();
  }

  static Stream<Arguments> messageSizes() {
    return Stream.of(
        Arguments.of(InvocationMessage.nonBlocking("Target", List.of(1)), 15),
        Arguments.of(new InvocationMessage("1", "Target", List.of(1), null, null), 16),
        Arguments.of(new InvocationMessage("1", "Target", List.of(1), List.of("2"), null), 18),
        Arguments.of(CloseMessage.EMPTY, 5),
        Arguments.of(new CloseMessage("error", false), 10),
        Arguments.of(new StreamItemMessage("1", null, null), 7),
        Arguments.of(new StreamItemMessage("1", 1, null), 7),
        Arguments.of(CompletionMessage.empty("1"), 7),
        Arguments.of(CompletionMessage.withResult("1", 1), 8),
        Arguments.of(CompletionMessage.withError("1", "error"), 13),
        Arguments.of(new StreamInvocationMessage("1", "target", List.of(), null, null), 15),
        Arguments.of(new StreamInvocationMessage("1", "target", List.of(), List.of("2"), null), 17),
        Arguments.of(new CancelInvocationMessage("1", null), 6),
        Arguments.of(PingMessage.INSTANCE, 3));
  }

  /** {@code VerifyMessageSize}: the framed sizes .NET writes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("messageSizes")
  void writesMessagesOfTheSizeDotNetDoes(HubMessage message, int size) {
    assertThat(PROTOCOL.writeMessage(message)).hasSize(size);
  }

  /** {@code WriteAndParseDateTimeConvertsToUTC}: a timestamp carries the instant. */
  @Test
  void aPointInTimeSurvivesTheRoundTrip() throws Exception {
    Instant instant = Instant.parse("2018-04-09T00:00:00Z");
    byte[] bytes = PROTOCOL.writeMessage(CompletionMessage.withResult("xyz", instant));

    CompletionMessage parsed = (CompletionMessage) Parsing.parseAll(bytes).get(0);

    assertThat(((UnboundValue) parsed.result()).bind(Instant.class)).isEqualTo(instant);
  }

  private static UnboundValue argument(int value) {
    return new MessagePackUnboundValue(new byte[] {(byte) value}, PROTOCOL_MAPPER);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper PROTOCOL_MAPPER =
      MessagePackHubProtocol.defaultObjectMapper();
}
