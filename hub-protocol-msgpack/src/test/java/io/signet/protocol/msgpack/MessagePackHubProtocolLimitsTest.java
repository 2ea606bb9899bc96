package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.Parsing.PROTOCOL;
import static io.signet.protocol.msgpack.TestBytes.frame;
import static io.signet.protocol.msgpack.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.MessageTooLargeException;
import io.signet.protocol.PingMessage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits of {@link MessageLimits} (size, nesting depth, argument count), and hostile lengths:
 * whatever a frame declares, parsing fails as invalid data without allocating by it.
 */
class MessagePackHubProtocolLimitsTest {
  private static final byte[] PING = TestBytes.hex("02 91 06");
  private static final MessageLimits NONE = MessageLimits.of(0);

  /** An invocation whose one argument nests {@code levels} arrays: the message nests levels + 2. */
  static byte[] nestedInvocation(int levels) {
    return frame(TestBytes.concat(TestBytes.hex("96 01 80 C0 A1 6D 91"),
        TestBytes.hex("91".repeat(levels - 1) + "90"), TestBytes.hex("90")));
  }

  static byte[] invocationWithArguments(int count) {
    StringBuilder body = new StringBuilder("96 01 80 C0 A1 6D DC")
        .append(String.format("%04X", count));
    body.append(" 01".repeat(count)).append(" 90");
    return frame(TestBytes.hex(body.toString()));
  }

  private static List<HubMessage> parse(byte[] bytes, MessageLimits limits)
      throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    PROTOCOL.parseMessages(ByteBuffer.wrap(bytes), limits, out);
    return out;
  }

  @Test
  void theDefaultDepthIs64LevelsTheMessageArrayIncluded() throws Exception {
    assertThat(parse(nestedInvocation(62), NONE)).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(63), NONE))
        .isInstanceOf(InvalidMessageException.class)
        .isNotInstanceOf(MessageTooLargeException.class)
        .hasMessage("The message nests arrays and maps more than 64 levels deep.");
  }

  /** A stream item is level 2, so 63 maps in it reach level 64 and 64 maps go past. */
  @Test
  void mapsCountAsArraysDo() throws Exception {
    assertThat(parse(frame(TestBytes.concat(TestBytes.hex("94 02 80 A1 31"),
        TestBytes.hex("81 A1 61".repeat(63) + " 01"))), NONE)).hasSize(1);
    byte[] deep = frame(TestBytes.concat(TestBytes.hex("94 02 80 A1 31"),
        TestBytes.hex("81 A1 61".repeat(64) + " 01")));
    assertThatThrownBy(() -> parse(deep, NONE))
        .hasMessage("The message nests arrays and maps more than 64 levels deep.");
    byte[] deepKey = frame(TestBytes.concat(TestBytes.hex("94 02 80 A1 31"),
        TestBytes.hex("81".repeat(64) + " 01" + " 01".repeat(64))));
    assertThatThrownBy(() -> parse(deepKey, NONE))
        .hasMessage("The message nests arrays and maps more than 64 levels deep.");
  }

  @Test
  void aConfiguredDepthAppliesToThatCallOnly() throws Exception {
    MessageLimits shallow = new MessageLimits(0, 4, 64);
    assertThat(parse(nestedInvocation(2), shallow)).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(3), shallow))
        .hasMessage("The message nests arrays and maps more than 4 levels deep.");
    MessageLimits deep = new MessageLimits(0, 500, 64);
    assertThat(parse(nestedInvocation(498), deep)).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(499), deep))
        .hasMessage("The message nests arrays and maps more than 500 levels deep.");
  }

  /** At depth 1 only the messages without headers map fit; the headers are level 2. */
  @Test
  void atDepthOneOnlyFlatMessagesFit() throws Exception {
    MessageLimits flat = new MessageLimits(0, 1, 64);
    assertThat(parse(PING, flat)).containsExactly(PingMessage.INSTANCE);
    assertThatThrownBy(() -> parse(frame(TestBytes.hex("93 05 80 A1 31")), flat))
        .hasMessage("The message nests arrays and maps more than 1 levels deep.");
  }

  @Test
  void extraElementsAreHeldToTheLimitToo() {
    byte[] deep = frame(TestBytes.hex("92 06" + " 91".repeat(63) + " 90"));
    assertThatThrownBy(() -> parse(deep, NONE))
        .hasMessage("The message nests arrays and maps more than 64 levels deep.");
  }

  @Test
  void aDeepValueFarBeyondTheLimitFailsWithoutExhaustingTheStack() throws Exception {
    ByteBuffer input = ByteBuffer.wrap(nestedInvocation(1_000_000));
    assertThatThrownBy(() -> PROTOCOL.parseMessages(input, NONE, new ArrayList<>()))
        .hasMessage("The message nests arrays and maps more than 64 levels deep.");
    assertThat(input.hasRemaining()).as("the frame is consumed").isFalse();
    MessageLimits unlimited = new MessageLimits(0, Integer.MAX_VALUE, 64);
    assertThat(parse(nestedInvocation(100_000), unlimited)).hasSize(1);
  }

  @Test
  void theArgumentCountIsLimited() throws Exception {
    assertThat(parse(invocationWithArguments(64), NONE)).hasSize(1);
    assertThatThrownBy(() -> parse(invocationWithArguments(65), NONE))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("The message carries more than 64 arguments.");
    assertThat(parse(invocationWithArguments(2), new MessageLimits(0, 64, 2))).hasSize(1);
    assertThatThrownBy(() -> parse(invocationWithArguments(3), new MessageLimits(0, 64, 2)))
        .hasMessage("The message carries more than 2 arguments.");
  }

  @Test
  void aFrameOfExactlyTheLimitPassesOneMoreFails() throws Exception {
    byte[] ack = frame(TestBytes.hex("92 08 CD 01 00")); // 6 bytes, prefix included
    assertThat(parse(ack, MessageLimits.of(6))).hasSize(1);
    assertThatThrownBy(() -> parse(ack, MessageLimits.of(5)))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessage("The maximum message size of 5B was exceeded. "
            + "The message size can be configured in AddHubOptions.");
  }

  @Test
  void anOversizeFrameFailsOnItsPrefixAloneKeepingEarlierMessages() {
    ByteBuffer input = TestBytes.buffer(PING, TestBytes.hex("80 80 02"));
    List<HubMessage> out = new ArrayList<>();

    assertThatThrownBy(() -> PROTOCOL.parseMessages(input, MessageLimits.of(32768), out))
        .isInstanceOf(MessageTooLargeException.class);
    assertThat(out).containsExactly(PingMessage.INSTANCE);
    assertThat(hex(TestBytes.rest(input))).isEqualTo("80 80 02");
  }

  /** Lengths that claim far more than the frame holds, where each kind of length is read. */
  @ParameterizedTest
  @ValueSource(strings = {
      "94 02 80 A1 31 DB FF FF FF FF", // str32 item
      "94 02 80 A1 31 C6 FF FF FF FF", // bin32 item
      "94 02 80 A1 31 C9 FF FF FF FF 05", // ext32 item
      "94 02 80 A1 31 DD FF FF FF FF", // array32 item
      "94 02 80 A1 31 DF FF FF FF FF", // map32 item
      "94 02 80 A1 31 91 92 93 DF 7F FF FF FF", // deep inside the item
      "94 02 80 DB FF FF FF FF", // str32 invocation id
      "94 02 DF FF FF FF FF", // map32 headers
      "DD FF FF FF FF 06", // array32 message
      "96 01 80 C0 A1 6D 90 DD FF FF FF FF", // array32 stream ids
      "93 02 DE FF FF A1 31", // map16 headers
  })
  void hugeDeclaredLengthsFailWithoutAllocating(String body) {
    long before = allocatedBytes();
    assertThatThrownBy(() -> parse(frame(TestBytes.hex(body)), NONE))
        .isInstanceOf(InvalidMessageException.class);
    assertThat(allocatedBytes() - before).as("bytes allocated").isLessThan(1_000_000);
  }

  /** A count the frame cannot hold fails as such, whatever the argument limit. */
  @Test
  void aHugeArgumentCountFailsAtTheFramesEnd() {
    byte[] huge = frame(TestBytes.hex("96 01 80 C0 A1 6D DD FF FF FF FF 01 90"));
    for (MessageLimits limits : List.of(NONE, new MessageLimits(0, 64, Integer.MAX_VALUE))) {
      long before = allocatedBytes();
      assertThatThrownBy(() -> parse(huge, limits))
          .hasMessage("Reading array length for 'arguments' failed.")
          .hasRootCauseMessage("The message declares 4294967295 values but has only 2 bytes left.");
      assertThat(allocatedBytes() - before).as("bytes allocated").isLessThan(1_000_000);
    }
  }

  /** Bytes this thread allocated so far, as the JVM counts them. */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
