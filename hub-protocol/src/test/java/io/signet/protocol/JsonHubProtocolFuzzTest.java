package io.signet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes {@link JsonHubProtocol#parseMessages} with arbitrary and damaged bytes: whatever a peer
 * sends, parsing fails only with {@link InvalidMessageException}, moves forward record by record,
 * keeps nothing over the size limit, and gives the same result however the bytes are split.
 * The number of tries is {@code jqwik.tries.default} (see {@code junit-platform.properties}; the
 * {@code fuzz} profile raises it).
 */
class JsonHubProtocolFuzzTest {

  @Provide
  Arbitrary<MessageLimits> limits() {
    return FuzzInputs.limits();
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        // Mostly structural bytes, which reach deeper into the parser than uniform noise does.
        Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) ':',
                (byte) ',', (byte) '1', (byte) 'e', (byte) '\\', FuzzInputs.RS, (byte) 0xC3)
            .array(byte[].class).ofMaxSize(300));
  }

  @Provide
  Arbitrary<byte[]> damaged() {
    return FuzzInputs.mutated(FuzzInputs.validStreams());
  }

  /** Any of the above, cut to 120 bytes: the splitting properties parse once per position. */
  @Provide
  Arbitrary<byte[]> anything() {
    return Arbitraries.oneOf(garbage(), damaged(), FuzzInputs.validStreams())
        .map(bytes -> bytes.length > 120 ? Arrays.copyOf(bytes, 120) : bytes);
  }

  @Property
  void arbitraryBytesFailOnlyAsInvalidMessages(@ForAll("garbage") byte[] input,
      @ForAll("limits") MessageLimits limits, @ForAll @IntRange(max = 3) int offset,
      @ForAll boolean direct) {
    ParseChecks.parseWhole(ParseChecks.buffer(input, offset, direct), limits);
  }

  @Property
  void damagedMessagesFailOnlyAsInvalidMessages(@ForAll("damaged") byte[] input,
      @ForAll("limits") MessageLimits limits, @ForAll @IntRange(max = 3) int offset,
      @ForAll boolean direct) {
    ParseChecks.parseWhole(ParseChecks.buffer(input, offset, direct), limits);
  }

  @Property
  void validMessagesParseAndWriteBackUnchanged(@ForAll("validMessagesText") String json) {
    ParseChecks.Outcome first = ParseChecks.parseWhole(
        ByteBuffer.wrap((json + "\u001e").getBytes(UTF_8)), MessageLimits.of(0));
    assertThat(first.failure()).isNull();
    assertThat(first.messages()).hasSize(1);
    byte[] written = new JsonHubProtocol().writeMessage(first.messages().get(0));
    assertThat(ParseChecks.parseWhole(ByteBuffer.wrap(written), MessageLimits.of(0)))
        .isEqualTo(first);
  }

  @Provide
  Arbitrary<String> validMessagesText() {
    return FuzzInputs.validMessages();
  }

  /** Split in two at every position: the outcome is that of the whole. */
  @Property
  void splittingAtAnyPositionChangesNothing(@ForAll("anything") byte[] input,
      @ForAll("limits") MessageLimits limits) {
    ParseChecks.Outcome whole = ParseChecks.parseWhole(ByteBuffer.wrap(input), limits);
    for (int cut = 0; cut <= input.length; cut++) {
      assertThat(ParseChecks.parseInChunks(input, List.of(cut), limits))
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
    assertThat(ParseChecks.parseInChunks(input, sorted, limits))
        .isEqualTo(ParseChecks.parseWhole(ByteBuffer.wrap(input), limits));
  }

  /** Nesting beyond the limit fails with the depth text, however deep, never with a crash. */
  @Property
  void deepNestingFailsCleanly(@ForAll @IntRange(min = 1, max = 5000) int levels,
      @ForAll boolean objects, @ForAll @IntRange(min = 1, max = 300) int maximumDepth,
      @ForAll boolean closed) {
    String open = objects ? "{\"a\":" : "[";
    String close = objects ? "}" : "]";
    String value =
        open.repeat(levels) + (objects ? "1" : "") + (closed ? close.repeat(levels) : "");
    String json = "{\"type\":2,\"invocationId\":\"1\",\"item\":" + value + "}\u001e";
    MessageLimits limits = new MessageLimits(0, maximumDepth, 64);
    ParseChecks.Outcome outcome = ParseChecks.parseWhole(
        ByteBuffer.wrap(json.getBytes(UTF_8)), limits);
    if (levels + 1 > maximumDepth) {
      assertThat(outcome.failure()).isEqualTo("InvalidMessageException: The message nests arrays "
          + "and objects more than " + maximumDepth + " levels deep.");
    } else if (closed) {
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.messages()).hasSize(1);
    } else {
      assertThat(outcome.failure()).isEqualTo("InvalidMessageException: Error reading JSON.");
    }
  }

  /** Huge numbers wherever a number may stand parse, bind or fail as invalid data. */
  @Property
  void hugeNumbersAnywhereFailOnlyAsInvalidMessages(@ForAll("hugeNumber") String number,
      @ForAll @IntRange(max = 6) int where) {
    String json = switch (where) {
      case 0 -> "{\"type\":" + number + "}";
      case 1 -> "{\"type\":8,\"sequenceId\":" + number + "}";
      case 2 -> "{\"type\":1,\"target\":\"m\",\"arguments\":[" + number + "," + number + "]}";
      case 3 -> "{\"type\":2,\"invocationId\":\"1\",\"item\":{\"n\":[" + number + "]}}";
      case 4 -> "{\"type\":3,\"invocationId\":\"1\",\"result\":" + number + "}";
      case 5 -> "{\"type\":1,\"target\":\"m\",\"invocationId\":" + number + ",\"arguments\":[]}";
      default -> "{\"type\":7,\"allowReconnect\":" + number + "}";
    };
    ParseChecks.parseWhole(ByteBuffer.wrap((json + "\u001e").getBytes(UTF_8)),
        MessageLimits.of(0));
  }

  @Provide
  Arbitrary<String> hugeNumber() {
    return FuzzInputs.hugeNumbers();
  }

  /** Invalid UTF-8 inside a valid message's text fails as invalid data, or is kept as it came. */
  @Property
  void invalidUtf8FailsOnlyAsInvalidMessages(@ForAll("validMessagesText") String json,
      @ForAll @IntRange(max = 8) int which, @ForAll @IntRange(max = 1000) int where) {
    byte[] bytes = (json + "\u001e").getBytes(UTF_8);
    int at = where % bytes.length; // before the separator
    byte[] damaged = FuzzInputs.splice(bytes, at, 0, FuzzInputs.INVALID_UTF8.get(which));
    ParseChecks.parseWhole(ByteBuffer.wrap(damaged), MessageLimits.of(0));
  }
}
