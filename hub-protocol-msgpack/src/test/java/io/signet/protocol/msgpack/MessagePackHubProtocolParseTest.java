package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.Parsing.PROTOCOL;
import static io.signet.protocol.msgpack.Parsing.parseAll;
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
import io.signet.protocol.MessageLimits;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.UnboundValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing: the shapes each client writes, several frames per buffer, and malformed messages. */
class MessagePackHubProtocolParseTest {
  private static final byte[] PING = TestBytes.hex("02 91 06");

  private static byte[] body(String hex) {
    return TestBytes.hex(hex);
  }

  /** The JS client writes no StreamIds element when a call uploads no stream. */
  @Test
  void parsesTheJsClientsFiveElementInvocations() throws Exception {
    HubMessage invocation = parseBody(body("95 01 80 A1 30 A4 53 65 6E 64 92 A1 61 A1 62"));
    HubMessage stream = parseBody(body("95 04 80 A1 31 A7 43 6F 75 6E 74 65 72 91 05"));

    assertThat(invocation).isInstanceOf(InvocationMessage.class);
    InvocationMessage call = (InvocationMessage) invocation;
    assertThat(call.invocationId()).isEqualTo("0");
    assertThat(call.target()).isEqualTo("Send");
    assertThat(call.streamIds()).isEmpty();
    assertThat(((UnboundValue) call.arguments().get(1)).bind(String.class)).isEqualTo("b");
    assertThat(((StreamInvocationMessage) stream).target()).isEqualTo("Counter");
  }

  @Test
  void parsesBothShapesOfClose() throws Exception {
    assertThat(parseBody(body("92 07 C0"))).isEqualTo(CloseMessage.EMPTY);
    assertThat(parseBody(body("93 07 C0 C3"))).isEqualTo(new CloseMessage(null, true));
    assertThat(parseBody(body("93 07 A3 62 79 65 C2"))).isEqualTo(new CloseMessage("bye", false));
  }

  @Test
  void parsesSeveralFramesInOneBufferAndLeavesAPartialOne() throws Exception {
    byte[] cancel = frame(body("93 05 80 A1 32"));
    byte[] ack = frame(body("92 08 CD 05 72"));
    ByteBuffer input = TestBytes.buffer(PING, cancel, ack, TestBytes.hex("03 92 09"));
    List<HubMessage> out = new ArrayList<>();

    PROTOCOL.parseMessages(input, 0, out);

    assertThat(out).containsExactly(PingMessage.INSTANCE, new CancelInvocationMessage("2", null),
        new AckMessage(1394));
    assertThat(hex(TestBytes.rest(input))).isEqualTo("03 92 09");
  }

  @Test
  void aFrameSplitAcrossReadsParsesOnceComplete() throws Exception {
    byte[] bytes = frame(body("95 03 80 A1 30 03 2A"));
    ByteBuffer input = ByteBuffer.allocate(64);
    List<HubMessage> out = new ArrayList<>();
    input.put(bytes, 0, 4).flip();

    PROTOCOL.parseMessages(input, 1000, out);
    assertThat(out).isEmpty();
    assertThat(input.position()).isZero();

    input.compact().put(bytes, 4, bytes.length - 4).flip();
    PROTOCOL.parseMessages(input, 1000, out);
    assertThat(out).hasSize(1);
    assertThat(((UnboundValue) ((CompletionMessage) out.get(0)).result()).bind(int.class))
        .isEqualTo(42);
    assertThat(input.hasRemaining()).isFalse();
  }

  /** As in the JSON protocol and .NET's parser: new message types must be ignorable. */
  @Test
  void skipsUnknownMessageTypesAndGoesOn() throws Exception {
    assertThat(parseAll(TestBytes.concat(frame(body("93 2A 80 91 01")), frame(body("91 0A")),
        PING))).containsExactly(PingMessage.INSTANCE);
  }

  @Test
  void readsEveryIntegerWidth() throws Exception {
    assertThat(parseBody(body("91 CC 06"))).isEqualTo(PingMessage.INSTANCE);
    assertThat(parseBody(body("91 D3 00 00 00 00 00 00 00 06"))).isEqualTo(PingMessage.INSTANCE);
    assertThat(parseBody(body("92 08 CF 7F FF FF FF FF FF FF FF")))
        .isEqualTo(new AckMessage(Long.MAX_VALUE));
    assertThat(parseBody(body("92 09 D0 FF"))).isEqualTo(new SequenceMessage(-1));
  }

  @Test
  void readsStrings8And16BitLengthsAndHeaders() throws Exception {
    String target = "t".repeat(300);
    byte[] invocation = TestBytes.concat(body("96 01 81 D9 01 61 A1 62 C0 DA 01 2C"),
        target.getBytes(java.nio.charset.StandardCharsets.UTF_8), body("90 91 A1 73"));

    InvocationMessage message = (InvocationMessage) parseBody(invocation);

    assertThat(message.target()).isEqualTo(target);
    assertThat(message.headers()).isEqualTo(Map.of("a", "b"));
    assertThat(message.streamIds()).containsExactly("s");
    assertThat(message.invocationId()).isNull();
  }

  @Test
  void anEmptyInvocationIdMeansNonBlocking() throws Exception {
    assertThat(((InvocationMessage) parseBody(body("96 01 80 A0 A1 54 90 90"))).invocationId())
        .isNull();
  }

  /** .NET reads a nil error as no error at all: the completion is a void one. */
  @Test
  void aNilErrorCompletesWithoutResult() throws Exception {
    assertThat(parseBody(body("95 03 80 A1 31 01 C0"))).isEqualTo(CompletionMessage.empty("1"));
  }

  @Test
  void anEmptyCloseErrorIsKeptAsDotNetKeepsIt() throws Exception {
    assertThat(parseBody(body("92 07 A0"))).isEqualTo(new CloseMessage("", false));
  }

  @Test
  void aNilResultIsAValue() throws Exception {
    CompletionMessage completion = (CompletionMessage) parseBody(body("95 03 80 A1 31 03 C0"));

    assertThat(completion.hasResult()).isTrue();
    assertThat(((UnboundValue) completion.result()).bind(String.class)).isNull();
  }

  @Test
  void refusesEmptyOrNilIdsTargetsAndHeaders() {
    assertInvalid("96 01 80 C0 A0 90 90", "Null or empty target for Invocation message.");
    assertInvalid("96 01 80 C0 C0 90 90", "Null or empty target for Invocation message.");
    assertInvalid("96 04 80 C0 A1 54 90 90",
        "Null or empty invocation ID for StreamInvocation message.");
    assertInvalid("96 04 80 A1 31 A0 90 90", "Null or empty target for StreamInvocation message.");
    assertInvalid("94 02 80 A0 2A", "Null or empty invocation ID for StreamItem message.");
    assertInvalid("94 03 80 C0 02", "Null or empty invocation ID for Completion message.");
    assertInvalid("93 05 80 A0", "Null or empty invocation ID for CancelInvocation message.");
    assertInvalid("93 05 81 A0 A1 76 A1 31", "Null or empty key in header.");
    assertInvalid("93 05 81 A1 6B C0 A1 31", "Null or empty value in header.");
    assertInvalid("96 01 80 C0 A1 54 90 91 C0", "Null or empty value in streamIds received.");
    assertInvalid("96 01 80 C0 A1 54 90 91 2A", "Reading 'streamIds[0]' as String failed.");
    assertInvalid("96 01 80 C0 A1 54 90 C0", "Reading array length for 'streamIds' failed.");
    assertInvalid("95 03 80 A1 31 01 A0", "The 'error' property must not be empty.");
  }

  /** .NET adds headers with Dictionary.Add, which refuses the same key twice. */
  @Test
  void refusesAHeaderTwice() {
    assertInvalid("93 05 82 A1 6B A1 31 A1 6B A1 32 A1 31",
        "An item with the same key has already been added. Key: k");
  }

  @Test
  void refusesWrongElementTypes() {
    assertInvalid("92 08 A1 31", "Reading 'sequenceId' as Int64 failed.");
    assertInvalid("92 08 CB 3F F0 00 00 00 00 00 00", "Reading 'sequenceId' as Int64 failed.");
    assertInvalid("92 09 CF 80 00 00 00 00 00 00 00", "Reading 'sequenceId' as Int64 failed.");
    assertInvalid("91 CE 80 00 00 00", "Reading 'messageType' as Int32 failed.");
    assertInvalid("91 C0", "Reading 'messageType' as Int32 failed.");
    assertInvalid("93 07 C0 01", "Reading 'allowReconnect' as Boolean failed.");
    assertInvalid("92 07 2A", "Reading 'error' as String failed.");
    assertInvalid("91 07", "Reading 'error' as String failed.");
    assertInvalid("94 02 80 C4 01 31 2A", "Reading 'invocationId' as String failed.");
    assertInvalid("93 02 80 A1 31", "Reading 'item' failed.");
  }

  @Test
  void refusesBodiesThatAreNoArray() {
    assertInvalid("", "Reading array length for 'message' failed.");
    assertInvalid("06", "Reading array length for 'message' failed.");
    assertInvalid("81 A1 61 06", "Reading array length for 'message' failed.");
    assertInvalid("90", "Reading 'messageType' as Int32 failed.");
  }

  /** .NET stops reading where its elements end; bytes after the array mean a broken frame. */
  @Test
  void refusesBytesAfterTheArray() {
    assertInvalid("91 06 C0", "Unexpected content after the MessagePack array.");
    assertInvalid("92 08 01 91 06", "Unexpected content after the MessagePack array.");
  }

  @Test
  void refusesMalformedValuesAnywhere() {
    assertInvalid("94 02 80 A1 31 C1", "Invalid MessagePack code 0xc1.");
    assertInvalid("92 06 C1", "Invalid MessagePack code 0xc1.");
    assertInvalid("94 02 80 A1 31 92 01",
        "The message declares 2 values but has only 1 bytes left.");
    assertInvalid("94 02 80 A1 31 A5 61", "The message ends in the middle of a value.");
  }

  @Test
  void keepsEarlierMessagesAndConsumesTheBadFrame() {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = TestBytes.buffer(PING, frame(body("91 C1")), PING);

    assertThatThrownBy(() -> PROTOCOL.parseMessages(input, MessageLimits.of(0), out))
        .isInstanceOf(InvalidMessageException.class);
    assertThat(out).containsExactly(PingMessage.INSTANCE);
    assertThat(hex(TestBytes.rest(input))).isEqualTo(hex(PING));
  }

  @Test
  void readsDirectAndOffsetBuffers() throws Exception {
    byte[] bytes = TestBytes.concat(PING, frame(body("92 08 2A")));
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    byte[] padded = TestBytes.concat(TestBytes.hex("FF FF FF"), bytes);
    ByteBuffer sliced = ByteBuffer.wrap(padded, 3, bytes.length).slice();
    List<HubMessage> fromDirect = new ArrayList<>();
    List<HubMessage> fromSlice = new ArrayList<>();

    PROTOCOL.parseMessages(direct, 0, fromDirect);
    PROTOCOL.parseMessages(sliced, 0, fromSlice);

    assertThat(fromDirect).containsExactly(PingMessage.INSTANCE, new AckMessage(42));
    assertThat(fromSlice).isEqualTo(fromDirect);
  }

  @Test
  void theProtocolDescribesItself() {
    assertThat(PROTOCOL.name()).isEqualTo("messagepack");
    assertThat(PROTOCOL.version()).isEqualTo(2);
    assertThat(PROTOCOL.transferFormat()).isEqualTo(io.signet.protocol.TransferFormat.Binary);
  }

  private static void assertInvalid(String body, String error) {
    assertThatThrownBy(() -> parseBody(TestBytes.hex(body)))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage(error);
  }
}
