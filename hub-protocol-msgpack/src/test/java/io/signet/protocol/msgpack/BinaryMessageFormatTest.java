package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageTooLargeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VarInt length prefix, with the vectors of ASP.NET Core's {@code BinaryMessageParserTests}
 * and {@code BinaryMessageFormatterTests}.
 */
class BinaryMessageFormatTest {

  private static BinaryMessageFormat.Frame find(String bytes, long limit)
      throws InvalidMessageException {
    return BinaryMessageFormat.findFrame(ByteBuffer.wrap(TestBytes.hex(bytes)), limit);
  }

  /** The bodies of all complete frames, as the parser walks them. */
  private static List<String> bodies(byte[] bytes) throws InvalidMessageException {
    ByteBuffer input = ByteBuffer.wrap(bytes);
    List<String> bodies = new ArrayList<>();
    BinaryMessageFormat.Frame frame;
    while (input.hasRemaining() && (frame = BinaryMessageFormat.findFrame(input, 0)) != null) {
      byte[] body = new byte[frame.bodyLength()];
      input.get(frame.bodyStart(), body);
      bodies.add(hex(body));
      input.position(frame.end());
    }
    return bodies;
  }

  @Test
  void readsMessages() throws Exception {
    assertThat(bodies(TestBytes.hex("00"))).containsExactly("");
    assertThat(bodies(TestBytes.hex("03 41 42 43"))).containsExactly("41 42 43");
    assertThat(bodies(TestBytes.hex("04 AB CD EF 12"))).containsExactly("AB CD EF 12");
    assertThat(bodies(TestBytes.hex("00 0E 48 65 6C 6C 6F 2C 0D 0A 57 6F 72 6C 64 21")))
        .containsExactly("", "48 65 6C 6C 6F 2C 0D 0A 57 6F 72 6C 64 21");
    byte[] body = payload(128);
    assertThat(bodies(TestBytes.concat(TestBytes.hex("80 01"), body))).containsExactly(hex(body));
  }

  @Test
  void readsTheSpecificationsExamples() throws Exception {
    assertThat(find("35", 0)).isNull(); // 53 bytes announced, none there
    assertThat(find("80 29", 0)).isNull();
    assertThat(BinaryMessageFormat.findFrame(
        ByteBuffer.wrap(TestBytes.concat(TestBytes.hex("80 29"), new byte[5248])), 0))
        .isEqualTo(new BinaryMessageFormat.Frame(2, 5248));
  }

  @Test
  void waitsForPartialPrefixesAndBodies() throws Exception {
    assertThat(find("", 0)).isNull();
    assertThat(find("04 AB CD EF", 0)).isNull();
    assertThat(find("FF FF FF FF 07", 0)).isNull(); // 2 GB announced
    assertThat(find("80", 0)).isNull();
    assertThat(find("09 00 00", 0)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"FF FF FF FF FF", "80 80 80 80 08", "FF FF FF FF FF FF"})
  void refusesPrefixesOver2Gb(String prefix) {
    assertThatThrownBy(() -> find(prefix, 0))
        .isInstanceOf(InvalidMessageException.class)
        .isNotInstanceOf(MessageTooLargeException.class)
        .hasMessage("Messages over 2GB in size are not supported.");
  }

  /** .NET reads the groups without asking for the shortest form, and so does this. */
  @Test
  void acceptsPrefixesLongerThanNeeded() throws Exception {
    assertThat(find("81 80 80 00 41", 0)).isEqualTo(new BinaryMessageFormat.Frame(4, 1));
  }

  @Test
  void theLimitCountsThePrefix() throws Exception {
    assertThat(find("03 41 42 43", 4)).isEqualTo(new BinaryMessageFormat.Frame(1, 3));
    assertThatThrownBy(() -> find("03 41 42 43", 3)).isInstanceOf(MessageTooLargeException.class)
        .hasMessage("The maximum message size of 3B was exceeded. "
            + "The message size can be configured in AddHubOptions.");
  }

  /** A prefix over the limit fails at once: the body is never waited for. */
  @Test
  void aPrefixOverTheLimitFailsBeforeItsBodyArrives() {
    assertThatThrownBy(() -> find("FF FF FF FF 07", 32768))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> find("80 80 02", 32768)).isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> find("05", 5)).isInstanceOf(MessageTooLargeException.class);
  }

  /**
   * With a limit below five bytes, a prefix that must go on past it fails at once, however many
   * of its bytes have arrived: the outcome never depends on how the input is split.
   */
  @Test
  void anUnfinishedPrefixThatMustOutgrowTheLimitFails() throws Exception {
    assertThat(find("80", 2)).isNull();
    assertThatThrownBy(() -> find("80 80", 2)).isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> find("80 80 80 80 80", 2))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> find("80 80 80 80 80", 0))
        .hasMessage("Messages over 2GB in size are not supported.");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0xC0DE, 0x1FFFFF, 0x200000,
      Integer.MAX_VALUE})
  void writesPrefixesThatReadBack(int length) throws Exception {
    byte[] prefix = new byte[BinaryMessageFormat.MAXIMUM_PREFIX_SIZE];
    int size = BinaryMessageFormat.writePrefix(length, prefix, 0);

    assertThat(size).isEqualTo(BinaryMessageFormat.prefixSize(length));
    assertThat(hex(Arrays.copyOf(prefix, size))).isEqualTo(hex(prefixOf(length)));
    ByteBuffer framed = ByteBuffer.allocate(size);
    framed.put(prefix, 0, size).flip();
    if (length == 0) {
      assertThat(BinaryMessageFormat.findFrame(framed, 0))
          .isEqualTo(new BinaryMessageFormat.Frame(size, 0));
    } else {
      assertThat(BinaryMessageFormat.findFrame(framed, 0)).as("the body is missing").isNull();
    }
  }

  @Test
  void writesDotNetsPrefixes() {
    assertThat(hex(prefixWritten(0))).isEqualTo("00");
    assertThat(hex(prefixWritten(4))).isEqualTo("04");
    assertThat(hex(prefixWritten(14))).isEqualTo("0E");
    assertThat(hex(prefixWritten(128))).isEqualTo("80 01");
    assertThat(hex(prefixWritten(5248))).isEqualTo("80 29");
    assertThat(hex(prefixWritten(Integer.MAX_VALUE))).isEqualTo("FF FF FF FF 07");
  }

  private static byte[] prefixWritten(int length) {
    byte[] prefix = new byte[BinaryMessageFormat.MAXIMUM_PREFIX_SIZE];
    return Arrays.copyOf(prefix, BinaryMessageFormat.writePrefix(length, prefix, 0));
  }

  /** The prefix the test's own framing writes. */
  private static byte[] prefixOf(int length) {
    byte[] prefix = new byte[BinaryMessageFormat.MAXIMUM_PREFIX_SIZE];
    int size = 0;
    long rest = length;
    do {
      int group = (int) (rest & 0x7F);
      rest >>>= 7;
      prefix[size++] = (byte) (rest > 0 ? group | 0x80 : group);
    } while (rest > 0);
    return Arrays.copyOf(prefix, size);
  }

  private static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
