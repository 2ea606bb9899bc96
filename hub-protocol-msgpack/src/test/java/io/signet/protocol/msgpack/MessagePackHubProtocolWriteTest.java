package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.Parsing.PROTOCOL;
import static io.signet.protocol.msgpack.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.StreamItemMessage;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writing payload values: the shapes .NET writes and the JS client reads. */
class MessagePackHubProtocolWriteTest {

  private static final String COMPLETION_START = "95 03 80 A1 31 03 ";

  /** The bytes {@code result} is written as, in a completion's last element. */
  private static String result(Object result) {
    String all = hex(PROTOCOL.writeMessage(CompletionMessage.withResult("1", result)));
    int start = all.indexOf(COMPLETION_START);
    assertThat(start).as("a completion with a result").isBetween(3, 12);
    return all.substring(start + COMPLETION_START.length());
  }

  @Test
  void writesRecordsAsMapsByPropertyName() {
    assertThat(result(new Person("Ann", 3, Color.BLUE))).isEqualTo(
        "83 A4 6E 61 6D 65 A3 41 6E 6E A3 61 67 65 03"
            + " A9 66 61 76 6F 75 72 69 74 65 A4 42 4C 55 45");
  }

  @Test
  void writesEnumsAsNamesAsDotNetDoes() {
    assertThat(result(Color.GREEN)).isEqualTo("A5 47 52 45 45 4E");
  }

  @Test
  void writesByteArraysAsBinary() {
    assertThat(result(new byte[] {1, 2, 3})).isEqualTo("C4 03 01 02 03");
  }

  @Test
  void writesPointsInTimeAsTimestamps() {
    Instant instant = Instant.parse("2017-04-11T00:00:00Z");
    String timestamp = "D6 FF 58 EC 1C 80";

    assertThat(result(instant)).isEqualTo(timestamp);
    assertThat(result(instant.atOffset(ZoneOffset.ofHours(2)))).isEqualTo(timestamp);
    assertThat(result(ZonedDateTime.ofInstant(instant, java.time.ZoneId.of("Europe/Paris"))))
        .isEqualTo(timestamp);
    assertThat(result(LocalDateTime.of(2017, 4, 11, 0, 0))).isEqualTo(timestamp);
    assertThat(result(Date.from(instant))).isEqualTo(timestamp);
    assertThat(result(Instant.ofEpochSecond(1, 5))).isEqualTo("D7 FF 00 00 00 14 00 00 00 01");
    assertThat(result(Instant.ofEpochSecond(-1, 7)))
        .isEqualTo("C7 0C FF 00 00 00 07 FF FF FF FF FF FF FF FF");
    assertThat(result(Instant.ofEpochSecond(1L << 34))).isEqualTo(
        "C7 0C FF 00 00 00 00 00 00 00 04 00 00 00 00");
  }

  @Test
  void writesPointsInTimeInsideObjectsToo() {
    record Meeting(OffsetDateTime at) {}

    assertThat(result(new Meeting(OffsetDateTime.of(2017, 4, 11, 0, 0, 0, 0, ZoneOffset.UTC))))
        .isEqualTo("81 A2 61 74 D6 FF 58 EC 1C 80");
  }

  @Test
  void writesOtherTimesAsIsoStrings() {
    assertThat(result(LocalDate.of(2024, 1, 2))).isEqualTo("AA 32 30 32 34 2D 30 31 2D 30 32");
  }

  @Test
  void writesDecimalsAsStringsAsDotNetWritesDecimal() {
    assertThat(result(new BigDecimal("1.10"))).isEqualTo("A4 31 2E 31 30");
  }

  @Test
  void writesIntegersFloatsAndStringsInTheirShortestForms() {
    assertThat(result(300)).isEqualTo("CD 01 2C");
    assertThat(result(-33)).isEqualTo("D0 DF");
    assertThat(result(1L << 40)).isEqualTo("CF 00 00 01 00 00 00 00 00");
    assertThat(result(1.5)).isEqualTo("CB 3F F8 00 00 00 00 00 00");
    assertThat(result("x".repeat(32))).startsWith("D9 20 78");
    assertThat(result(List.of(1, 2))).isEqualTo("92 01 02");
    assertThat(result(Map.of("k", true))).isEqualTo("81 A1 6B C3");
  }

  @Test
  void writesLongStringsIdsAndManyArgumentsWithWideHeaders() throws Exception {
    List<Object> arguments = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      arguments.add(i);
    }
    String target = "m".repeat(300);
    InvocationMessage message = new InvocationMessage("i".repeat(40), target, arguments,
        null, null);

    byte[] written = PROTOCOL.writeMessage(message);

    String all = hex(written);
    assertThat(all).contains("96 01 80 D9 28 69").contains("DA 01 2C 6D")
        .contains("DC 00 14 00 01");
    InvocationMessage parsed = (InvocationMessage) Parsing.parseAll(written).get(0);
    assertThat(parsed.target()).isEqualTo(target);
    assertThat(parsed.arguments()).hasSize(20);
  }

  /** Headers are written sorted, so the same message always gives the same bytes. */
  @Test
  void writesHeadersSortedByKey() {
    byte[] written = PROTOCOL.writeMessage(new StreamItemMessage("1", null,
        Map.of("b", "2", "a", "1", "c", "3")));

    assertThat(hex(written)).isEqualTo(
        "12 94 02 83 A1 61 A1 31 A1 62 A1 32 A1 63 A1 33 A1 31 C0");
  }

  @Test
  void aValueParsedByTheJsonProtocolIsWrittenAsMessagePack() throws Exception {
    List<HubMessage> parsed = new ArrayList<>();
    new JsonHubProtocol().parseMessages(ByteBuffer.wrap(
        "{\"type\":3,\"invocationId\":\"1\",\"result\":{\"a\":[1,\"x\",null]}}\u001e"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, parsed);

    byte[] written = PROTOCOL.writeMessage(parsed.get(0));

    assertThat(hex(written)).isEqualTo("0E 95 03 80 A1 31 03 81 A1 61 93 01 A1 78 C0");
  }

  @Test
  void aValueThatCannotBeSerializedFailsAsAnIllegalArgument() {
    Object cyclic = new Object() {
      @SuppressWarnings("unused")
      public Object getSelf() {
        return this;
      }
    };

    assertThatThrownBy(() -> PROTOCOL.writeMessage(CompletionMessage.withResult("1", cyclic)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot write CompletionMessage: ");
    // The next message on this thread is not disturbed by the failed one.
    assertThat(hex(PROTOCOL.writeMessage(CompletionMessage.withResult("1", 1))))
        .isEqualTo("07 95 03 80 A1 31 03 01");
  }

  @Test
  void aBigMessageGetsALongerPrefix() throws Exception {
    byte[] big = new byte[70_000];

    byte[] written = PROTOCOL.writeMessage(CompletionMessage.withResult("1", big));

    assertThat(hex(written)).startsWith("FB A2 04 95 03 80 A1 31 03 C6 00 01 11 70");
    CompletionMessage parsed = (CompletionMessage) Parsing.parseAll(written).get(0);
    assertThat(((io.signet.protocol.UnboundValue) parsed.result()).bind(byte[].class))
        .isEqualTo(big);
  }

  @Test
  void onlyAMessagePackMapperWillDo() {
    assertThatThrownBy(() -> new MessagePackHubProtocol(new ObjectMapper()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessagePackHubProtocol(null))
        .isInstanceOf(NullPointerException.class);
  }
}
