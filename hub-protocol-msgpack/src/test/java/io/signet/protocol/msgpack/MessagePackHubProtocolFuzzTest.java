package io.signet.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes {@link MessagePackHubProtocol}: whatever a peer sends, parsing fails only with
 * {@link io.signet.protocol.InvalidMessageException}, moves forward frame by frame, keeps nothing
 * over the size limit, and gives the same result however the bytes are split; and every message
 * written reads back as itself. The number of tries is {@code jqwik.tries.default} (see
 * {@code junit-platform.properties}; the {@code fuzz} profile raises it).
 */
class MessagePackHubProtocolFuzzTest {

  @Provide
  Arbitrary<MessageLimits> limits() {
    return MessagePackFuzzInputs.limits();
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        // Mostly headers, lengths and small prefixes, which reach deeper than uniform noise.
        Arbitraries.of((byte) 0x01, (byte) 0x02, (byte) 0x05, (byte) 0x80, (byte) 0x91,
                (byte) 0x95, (byte) 0x96, (byte) 0xC0, (byte) 0xC1, (byte) 0xA1, (byte) 0xDC,
                (byte) 0xDD, (byte) 0xDF, (byte) 0xFF, (byte) 0xD6, (byte) 0xC7, (byte) 0x06)
            .array(byte[].class).ofMaxSize(300));
  }

  @Provide
  Arbitrary<byte[]> damaged() {
    return MessagePackFuzzInputs.mutated(MessagePackFuzzInputs.validStreams());
  }

  /** Damaged bodies in intact frames, so damage reaches the reader rather than the framing. */
  @Provide
  Arbitrary<byte[]> damagedBodies() {
    return MessagePackFuzzInputs.mutated(MessagePackFuzzInputs.validBodies())
        .map(TestBytes::frame);
  }

  /** Any of the above, cut to 120 bytes: the splitting properties parse once per position. */
  @Provide
  Arbitrary<byte[]> anything() {
    return Arbitraries.oneOf(garbage(), damaged(), damagedBodies(),
            MessagePackFuzzInputs.validStreams())
        .map(bytes -> bytes.length > 120 ? Arrays.copyOf(bytes, 120) : bytes);
  }

  @Property
  void arbitraryBytesFailOnlyAsInvalidMessages(@ForAll("garbage") byte[] input,
      @ForAll("limits") MessageLimits limits, @ForAll @IntRange(max = 3) int offset,
      @ForAll boolean direct) {
    MessagePackParseChecks.parseWhole(MessagePackParseChecks.buffer(input, offset, direct), limits);
  }

  @Property
  void damagedFramesFailOnlyAsInvalidMessages(@ForAll("damaged") byte[] input,
      @ForAll("limits") MessageLimits limits, @ForAll @IntRange(max = 3) int offset,
      @ForAll boolean direct) {
    MessagePackParseChecks.parseWhole(MessagePackParseChecks.buffer(input, offset, direct), limits);
  }

  @Property
  void damagedBodiesFailOnlyAsInvalidMessages(@ForAll("damagedBodies") byte[] input,
      @ForAll("limits") MessageLimits limits) {
    MessagePackParseChecks.parseWhole(ByteBuffer.wrap(input), limits);
  }

  /** Every valid body parses (into a message, or into nothing for an unknown type). */
  @Property
  void validBodiesParseAndWriteBackStably(@ForAll("validBodies") byte[] body) {
    MessagePackParseChecks.Outcome outcome = MessagePackParseChecks.parseWhole(
        ByteBuffer.wrap(TestBytes.frame(body)), MessageLimits.of(0));
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.messages()).hasSizeLessThanOrEqualTo(1);
  }

  @Provide
  Arbitrary<byte[]> validBodies() {
    return MessagePackFuzzInputs.validBodies();
  }

  /** A message written reads back with the same envelope and payloads of the same value. */
  @Property
  void writtenMessagesReadBackAsThemselves(@ForAll("messages") HubMessage message)
      throws Exception {
    byte[] written = Parsing.PROTOCOL.writeMessage(message);

    HubMessage parsed = Parsing.parseAll(written).get(0);

    assertThat(Parsing.bindLike(parsed, message))
        .usingRecursiveComparison().withEqualsForType(Arrays::equals, byte[].class)
        .isEqualTo(message);
    assertThat(Parsing.PROTOCOL.writeMessage(parsed)).isEqualTo(written);
  }

  @Provide
  Arbitrary<HubMessage> messages() {
    return Arbitraries.randoms().map(MessagePackHubProtocolFuzzTest::message);
  }

  private static HubMessage message(Random random) {
    String id = MessagePackFuzzInputs.id(random);
    Map<String, String> headers = new HashMap<>();
    for (int i = random.nextInt(4) == 0 ? random.nextInt(4) : 0; i > 0; i--) {
      headers.put("h" + i + MessagePackFuzzInputs.text(random, 4),
          "v" + MessagePackFuzzInputs.text(random, 6));
    }
    List<String> streams = random.nextBoolean() ? List.of() : List.of("s" + random.nextInt(9));
    String target = "m" + MessagePackFuzzInputs.text(random, 8);
    switch (random.nextInt(9)) {
      case 0:
        return new InvocationMessage(random.nextBoolean() ? null : id, target,
            payloads(random), streams, headers);
      case 1:
        return new StreamInvocationMessage(id, target, payloads(random), streams, headers);
      case 2:
        return new StreamItemMessage(id, payload(random), headers);
      case 3:
        return random.nextBoolean()
            ? new CompletionMessage(id, null, payload(random), true, headers)
            : new CompletionMessage(id, random.nextBoolean() ? null : "e" + id, null, false,
                headers);
      case 4:
        return new CancelInvocationMessage(id, headers);
      case 5:
        return PingMessage.INSTANCE;
      case 6:
        return new CloseMessage(random.nextBoolean() ? null : "bye " + id, random.nextBoolean());
      case 7:
        return new AckMessage(random.nextLong());
      default:
        return new SequenceMessage(random.nextLong());
    }
  }

  private static List<Object> payloads(Random random) {
    List<Object> values = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      values.add(payload(random));
    }
    return values;
  }

  /** Values whose class binds them back as they were. */
  private static Object payload(Random random) {
    switch (random.nextInt(10)) {
      case 0:
        return null;
      case 1:
        return random.nextInt();
      case 2:
        return random.nextLong();
      case 3:
        return random.nextDouble();
      case 4:
        return MessagePackFuzzInputs.text(random, 40);
      case 5:
        return random.nextBoolean();
      case 6:
        byte[] bytes = new byte[random.nextInt(10)];
        random.nextBytes(bytes);
        return bytes;
      case 7:
        return Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
      case 8:
        return Color.values()[random.nextInt(3)];
      default:
        return new Person(MessagePackFuzzInputs.text(random, 5), random.nextInt(),
            random.nextBoolean() ? null : Color.BLUE);
    }
  }

  /** Split in two at every position: the outcome is that of the whole. */
  @Property
  void splittingAtAnyPositionChangesNothing(@ForAll("anything") byte[] input,
      @ForAll("limits") MessageLimits limits) {
    MessagePackParseChecks.Outcome whole =
        MessagePackParseChecks.parseWhole(ByteBuffer.wrap(input), limits);
    for (int cut = 0; cut <= input.length; cut++) {
      assertThat(MessagePackParseChecks.parseInChunks(input, List.of(cut), limits))
          .as("split at %d", cut).isEqualTo(whole);
    }
  }

  /** Arriving a few bytes at a time, in many calls, changes nothing either. */
  @Property
  void arrivingInManyPiecesChangesNothing(@ForAll("anything") byte[] input,
      @ForAll @Size(max = 12) List<@IntRange(max = 120) Integer> cuts,
      @ForAll("limits") MessageLimits limits) {
    List<Integer> sorted = new ArrayList<>(cuts);
    sorted.replaceAll(cut -> Math.min(cut, input.length));
    sorted.sort(null);
    assertThat(MessagePackParseChecks.parseInChunks(input, sorted, limits))
        .isEqualTo(MessagePackParseChecks.parseWhole(ByteBuffer.wrap(input), limits));
  }

  /** Nesting beyond the limit fails with the depth text, however deep, never with a crash. */
  @Property
  void deepNestingFailsCleanly(@ForAll @IntRange(min = 1, max = 5000) int levels,
      @ForAll boolean maps, @ForAll @IntRange(min = 1, max = 300) int maximumDepth,
      @ForAll boolean closed) {
    TestPacker item = new TestPacker().raw(0x94, 0x02, 0x80, 0xA1, 0x31);
    for (int i = 0; i < levels; i++) {
      if (maps) {
        item.map(1, 0).string("a");
      } else {
        item.array(1, 0);
      }
    }
    if (closed) {
      item.raw(0x01);
    }
    MessagePackParseChecks.Outcome outcome = MessagePackParseChecks.parseWhole(
        ByteBuffer.wrap(TestBytes.frame(item.toByteArray())),
        new MessageLimits(0, maximumDepth, 64));
    if (levels + 1 > maximumDepth) {
      assertThat(outcome.failure()).isEqualTo("InvalidMessageException: The message nests arrays "
          + "and maps more than " + maximumDepth + " levels deep.");
    } else if (closed) {
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.messages()).hasSize(1);
    } else {
      assertThat(outcome.failure()).isNotNull().startsWith("InvalidMessageException: ");
    }
  }

  /** Any declared length, at any place a length is read, fails or fits: never more. */
  @Property
  void anyDeclaredLengthAnywhereFailsOnlyAsInvalidMessages(@ForAll("validBodies") byte[] body,
      @ForAll @IntRange(max = 1000) int where, @ForAll @IntRange(min = 0, max = 9) int kind,
      @ForAll long declared) {
    int[] codes = {0xDB, 0xC6, 0xC9, 0xDD, 0xDF, 0xDA, 0xC5, 0xDC, 0xDE, 0xD9};
    TestPacker length = new TestPacker().raw(codes[kind]);
    int width = codes[kind] == 0xD9 ? 1 : kind >= 5 ? 2 : 4;
    for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
      length.raw((int) (declared >>> shift) & 0xFF);
    }
    byte[] damaged = MessagePackFuzzInputs.splice(body, where % (body.length + 1), 0,
        length.toByteArray());
    MessagePackParseChecks.parseWhole(ByteBuffer.wrap(TestBytes.frame(damaged)),
        MessageLimits.of(0));
  }
}
