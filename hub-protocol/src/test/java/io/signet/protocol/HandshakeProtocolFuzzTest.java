package io.signet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes {@link HandshakeProtocol#parseRequest}, the first thing a server parses from a client:
 * for any bytes it returns a request, asks for more, or fails with an
 * {@link InvalidMessageException}, and the position ends exactly past the first record or where it
 * was.
 */
class HandshakeProtocolFuzzTest {

  @Provide
  Arbitrary<byte[]> requests() {
    Arbitrary<byte[]> valid = FuzzInputs.validHandshakes()
        .map(json -> (json + "\u001e").getBytes(UTF_8));
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        FuzzInputs.mutated(valid),
        // A request followed by whatever the client sends next, as it arrives on the wire.
        Combinators.combine(valid, FuzzInputs.validStreams()).as(HandshakeProtocolFuzzTest::concat),
        valid);
  }

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.of(0L, 1L, 8L, 30L, 64L, 32768L);
  }

  @Property
  void anyBytesGiveARequestAWaitOrAnInvalidMessage(@ForAll("requests") byte[] input,
      @ForAll("sizes") long maximumSize, @ForAll @IntRange(max = 3) int offset,
      @ForAll boolean direct) {
    ByteBuffer buffer = ParseChecks.buffer(input, offset, direct);
    int separator = indexOfSeparator(input);
    HandshakeRequest request;
    try {
      request = HandshakeProtocol.parseRequest(buffer, maximumSize);
    } catch (MessageTooLargeException e) {
      assertThat(buffer.position()).as("an oversize request is not consumed").isZero();
      assertThat(separator < 0 || separator >= maximumSize).isTrue();
      assertThat((long) input.length).isGreaterThan(maximumSize);
      return;
    } catch (InvalidMessageException e) {
      assertThat(buffer.position()).as("an invalid request is consumed").isEqualTo(separator + 1);
      return;
    }
    if (request == null) {
      assertThat(buffer.position()).as("waiting consumes nothing").isZero();
      assertThat(separator).as("a complete request is never left waiting").isNegative();
    } else {
      assertThat(buffer.position()).isEqualTo(separator + 1);
      assertThat(request.protocol()).isNotEmpty();
    }
  }

  /** A request split anywhere waits for the rest, then parses as the whole does. */
  @Property
  void aSplitRequestWaitsThenParsesAsTheWhole(@ForAll("validRequest") String json,
      @ForAll @IntRange(max = 1000) int where) throws Exception {
    byte[] bytes = (json + "\u001e").getBytes(UTF_8);
    int cut = where % bytes.length; // the separator is always in the second part
    ByteBuffer first = ByteBuffer.wrap(bytes, 0, cut).slice();
    assertThat(HandshakeProtocol.parseRequest(first, 0)).isNull();
    assertThat(first.position()).isZero();
    HandshakeRequest whole = HandshakeProtocol.parseRequest(ByteBuffer.wrap(bytes), 0);
    assertThat(whole.protocol()).isNotEmpty();
    assertThat(json).contains("\"version\":" + whole.version());
  }

  @Provide
  Arbitrary<String> validRequest() {
    return FuzzInputs.validHandshakes();
  }

  private static int indexOfSeparator(byte[] input) {
    for (int i = 0; i < input.length; i++) {
      if (input[i] == FuzzInputs.RS) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    return FuzzInputs.splice(first, first.length, 0, second);
  }
}
