package io.signet.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Binding parsed payload values with the default mapper, from the bytes the JS client and .NET
 * write: as the JSON protocol binds where the formats agree, with its failures.
 */
class MessagePackUnboundValueTest {
  /** 2017-04-11T00:00:00Z as a timestamp 32, as .NET and the JS client write it. */
  private static final String TIMESTAMP = "D6 FF 58 EC 1C 80";

  /** The one argument of an invocation whose argument is {@code hex}, as parsed. */
  private static UnboundValue value(String hex) throws InvalidMessageException {
    byte[] body = TestBytes.concat(TestBytes.hex("95 01 80 C0 A1 54 91"), TestBytes.hex(hex));
    io.signet.protocol.InvocationMessage invocation =
        (io.signet.protocol.InvocationMessage) Parsing.parseBody(body);
    return (UnboundValue) invocation.arguments().get(0);
  }

  private static Object bind(String hex, Type type) throws InvalidMessageException {
    return value(hex).bind(type);
  }

  @Test
  void bindsScalarsOfEveryWidth() throws Exception {
    assertThat(bind("01", int.class)).isEqualTo(1);
    assertThat(bind("D0 80", int.class)).isEqualTo(-128);
    assertThat(bind("CF 00 20 00 00 00 00 00 01", long.class)).isEqualTo(9007199254740993L);
    assertThat(bind("CB 40 04 00 00 00 00 00 00", double.class)).isEqualTo(2.5);
    assertThat(bind("CA 40 20 00 00", double.class)).isEqualTo(2.5);
    assertThat(bind("A1 73", String.class)).isEqualTo("s");
    assertThat(bind("C3", boolean.class)).isEqualTo(true);
    assertThat(bind("CF FF FF FF FF FF FF FF FF", BigInteger.class))
        .isEqualTo(new BigInteger("18446744073709551615"));
  }

  @Test
  void bindsAnIntegerToADouble() throws Exception {
    assertThat(bind("05", double.class)).isEqualTo(5.0);
    assertThat(bind("05", Double.class)).isEqualTo(5.0);
  }

  /** As the JS client writes {@code {NAME: "Ann", Age: 3, favourite: "BLUE", x: [1]}}. */
  @Test
  void bindsRecordsCaseInsensitivelyIgnoringUnknownProperties() throws Exception {
    String map = "84 A4 4E 41 4D 45 A3 41 6E 6E A3 41 67 65 03"
        + " A9 66 61 76 6F 75 72 69 74 65 A4 42 4C 55 45 A1 78 91 01";

    assertThat(bind(map, Person.class)).isEqualTo(new Person("Ann", 3, Color.BLUE));
  }

  @Test
  void bindsEnumsFromTheirNameOrIndex() throws Exception {
    assertThat(bind("A5 47 52 45 45 4E", Color.class)).isEqualTo(Color.GREEN);
    assertThat(bind("01", Color.class)).isEqualTo(Color.GREEN);
  }

  @Test
  void bindsGenericTypesAndCollections() throws Exception {
    Type listOfPeople = new TypeReference<List<Person>>() {}.getType();
    String people = "92 83 A4 6E 61 6D 65 A1 41 A3 61 67 65 01 A9 66 61 76 6F 75 72 69 74 65 A3"
        + " 52 45 44 83 A4 6E 61 6D 65 A1 42 A3 61 67 65 02 A9 66 61 76 6F 75 72 69 74 65 02";

    assertThat(bind(people, listOfPeople))
        .isEqualTo(List.of(new Person("A", 1, Color.RED), new Person("B", 2, Color.BLUE)));
    assertThat(bind("82 A1 61 01 A1 62 02", new TypeReference<Map<String, Integer>>() {}.getType()))
        .isEqualTo(Map.of("a", 1, "b", 2));
    assertThat(bind("81 A1 61 91 C3", Object.class)).isEqualTo(Map.of("a", List.of(true)));
    assertThat(bind("93 01 02 03", int[].class)).isEqualTo(new int[] {1, 2, 3});
  }

  @Test
  void bindsByteArraysFromBinary() throws Exception {
    assertThat(bind("C4 03 01 02 03", byte[].class)).isEqualTo(new byte[] {1, 2, 3});
    assertThat(bind("C4 03 01 02 03", Object.class)).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void bindsPointsInTimeFromTimestampsInUtc() throws Exception {
    Instant instant = Instant.parse("2017-04-11T00:00:00Z");

    assertThat(bind(TIMESTAMP, Instant.class)).isEqualTo(instant);
    assertThat(bind(TIMESTAMP, Object.class)).isEqualTo(instant);
    assertThat(bind(TIMESTAMP, OffsetDateTime.class))
        .isEqualTo(OffsetDateTime.of(2017, 4, 11, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(bind(TIMESTAMP, ZonedDateTime.class))
        .isEqualTo(ZonedDateTime.of(2017, 4, 11, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(bind(TIMESTAMP, LocalDateTime.class))
        .isEqualTo(LocalDateTime.of(2017, 4, 11, 0, 0));
    assertThat(bind(TIMESTAMP, Date.class)).isEqualTo(Date.from(instant));
  }

  /** The 64- and 96-bit forms: nanoseconds, and seconds beyond 34 bits or before 1970. */
  @Test
  void bindsEveryTimestampForm() throws Exception {
    assertThat(bind("D7 FF 00 00 00 14 00 00 00 01", Instant.class))
        .isEqualTo(Instant.ofEpochSecond(1, 5));
    assertThat(bind("C7 0C FF 00 00 00 07 FF FF FF FF FF FF FF FF", Instant.class))
        .isEqualTo(Instant.ofEpochSecond(-1, 7));
  }

  @Test
  void bindsPointsInTimeFromIsoStringsToo() throws Exception {
    String text = "2024-01-02T03:04:05+02:00";
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String hex = "B9 " + TestBytes.hex(utf8);

    assertThat(bind(hex, OffsetDateTime.class)).isEqualTo(OffsetDateTime.parse(text));
    assertThat(bind(hex, Instant.class)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    assertThat(bind("AA 32 30 32 34 2D 30 31 2D 30 32", LocalDate.class))
        .isEqualTo(LocalDate.of(2024, 1, 2));
  }

  @Test
  void bindsDecimalsFromStringsAndNumbers() throws Exception {
    assertThat(bind("A4 31 2E 31 30", BigDecimal.class)).isEqualTo(new BigDecimal("1.10"));
    assertThat(bind("CB 3F F8 00 00 00 00 00 00", BigDecimal.class))
        .isEqualTo(new BigDecimal("1.5"));
  }

  @Test
  void bindsUuidsFromStrings() throws Exception {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    String hex = "D9 24 " + TestBytes.hex(
        id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(bind(hex, UUID.class)).isEqualTo(id);
  }

  @Test
  void nilBindsToNullForReferencesAndFailsForPrimitives() throws Exception {
    UnboundValue nil = value("C0");

    assertThat(nil.bind(String.class)).isNull();
    assertThat(nil.bind(Integer.class)).isNull();
    assertThat(nil.bind(Person.class)).isNull();
    assertThatThrownBy(() -> nil.bind(int.class)).isInstanceOf(InvalidMessageException.class);
  }

  @Test
  void mismatchedTypesFail() {
    assertBindFails("A3 61 62 63", int.class);
    assertBindFails("A1 35", int.class);
    assertBindFails("A1 35", double.class);
    assertBindFails("05", String.class);
    assertBindFails("01", boolean.class);
    assertBindFails("A4 74 72 75 65", boolean.class);
    assertBindFails("CB 40 16 00 00 00 00 00 00", int.class);
    assertBindFails("91 01", Person.class);
    assertBindFails("81 A3 61 67 65 A1 78", Person.class);
    assertBindFails("A5 57 48 49 54 45", Color.class);
    assertBindFails("CF FF FF FF FF FF FF FF FF", long.class);
    assertBindFails("CF 80 00 00 00 00 00 00 00", Long.class);
    assertBindFails("CE FF FF FF FF", int.class);
    assertBindFails("D3 80 00 00 00 00 00 00 00", Integer.class);
    assertBindFails("CD FF FF", short.class);
    assertBindFails(TIMESTAMP, int.class);
  }

  /** Embedded MessagePack data of another kind never comes back as the wrong type. */
  @Test
  void extensionsAndBinaryFitOnlyWhereTheyBelong() {
    assertBindFails("C4 01 05", Instant.class);
    assertBindFails("D4 05 01", OffsetDateTime.class);
    assertBindFails("D4 05 01", Instant.class);
    assertBindFails("D4 05 01", Person.class);
    assertBindFails("D5 FF 00 00", Instant.class);
    assertBindFails("C7 03 FF 00 00 00", Instant.class);
    assertBindFails("D7 FF FF FF FF FF 00 00 00 00", Instant.class); // nanoseconds over a second
  }

  @Test
  void rendersItsJsonAndComparesByBytes() throws Exception {
    UnboundValue value =
        value("82 A1 61 94 01 CB 40 04 00 00 00 00 00 00 A2 C3 A9 C0 A1 62 C4 01 05");

    assertThat(value).hasToString("{\"a\":[1,2.5,\"é\",null],\"b\":\"BQ==\"}");
    assertThat(value).isEqualTo(value("82 A1 61 94 01 CB 40 04 00 00 00 00 00 00 A2 C3 A9 C0 A1 62"
        + " C4 01 05"));
    assertThat(value).isNotEqualTo(value("80"));
    assertThat(value(TIMESTAMP)).hasToString("\"2017-04-11T00:00:00Z\"");
    assertThat(value("81 A1 74 " + TIMESTAMP)).hasToString("{\"t\":\"2017-04-11T00:00:00Z\"}");
    assertThat(value("D5 FF 00 00")).hasToString("msgpack:d5ff0000");
  }

  private static void assertBindFails(String hex, Type type) {
    assertThatThrownBy(() -> bind(hex, type))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Cannot bind the value to " + type.getTypeName());
  }
}
