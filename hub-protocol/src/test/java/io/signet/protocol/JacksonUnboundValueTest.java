package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding parsed arguments with the default payload mapper. */
class JacksonUnboundValueTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void bindsScalars() throws Exception {
    List<Object> args = arguments("1, 9007199254740993, 2.5, \"s\", true");

    assertThat(bind(args.get(0), int.class)).isEqualTo(1);
    assertThat(bind(args.get(1), long.class)).isEqualTo(9007199254740993L);
    assertThat(bind(args.get(2), double.class)).isEqualTo(2.5);
    assertThat(bind(args.get(3), String.class)).isEqualTo("s");
    assertThat(bind(args.get(4), boolean.class)).isEqualTo(true);
  }

  @Test
  void bindsAnIntegerToADouble() throws Exception {
    assertThat(bind(arguments("5").get(0), double.class)).isEqualTo(5.0);
    assertThat(bind(arguments("5").get(0), Double.class)).isEqualTo(5.0);
  }

  @Test
  void bindsRecordsCaseInsensitivelyIgnoringUnknownProperties() throws Exception {
    Object value = arguments("{\"NAME\":\"Ann\",\"Age\":3,\"favourite\":\"BLUE\",\"x\":[1]}")
        .get(0);

    assertThat(bind(value, Person.class)).isEqualTo(new Person("Ann", 3, Color.BLUE));
  }

  @Test
  void bindsEnumsFromTheirIndex() throws Exception {
    assertThat(bind(arguments("1").get(0), Color.class)).isEqualTo(Color.GREEN);
  }

  @Test
  void bindsGenericTypes() throws Exception {
    Type listOfPeople = new TypeReference<List<Person>>() {}.getType();
    Object value = arguments("[{\"name\":\"A\",\"age\":1,\"favourite\":0},"
        + "{\"name\":\"B\",\"age\":2,\"favourite\":2}]").get(0);

    assertThat(bind(value, listOfPeople))
        .isEqualTo(List.of(new Person("A", 1, Color.RED), new Person("B", 2, Color.BLUE)));
  }

  @Test
  void bindsMaps() throws Exception {
    Type mapType = new TypeReference<Map<String, Integer>>() {}.getType();

    assertThat(bind(arguments("{\"a\":1,\"b\":2}").get(0), mapType))
        .isEqualTo(Map.of("a", 1, "b", 2));
    assertThat(bind(arguments("{\"a\":[true]}").get(0), Object.class))
        .isEqualTo(Map.of("a", List.of(true)));
  }

  @Test
  void bindsByteArraysFromBase64AndTimesFromIso8601() throws Exception {
    List<Object> args = arguments("\"AQID\", \"2024-01-02T03:04:05+02:00\"");

    assertThat(bind(args.get(0), byte[].class)).isEqualTo(new byte[] {1, 2, 3});
    assertThat(bind(args.get(1), OffsetDateTime.class))
        .isEqualTo(OffsetDateTime.parse("2024-01-02T03:04:05+02:00"));
  }

  @Test
  void nullBindsToNullForReferencesAndFailsForPrimitives() throws Exception {
    Object value = arguments("null").get(0);

    assertThat(value).isInstanceOf(UnboundValue.class);
    assertThat(bind(value, String.class)).isNull();
    assertThat(bind(value, Integer.class)).isNull();
    assertThatThrownBy(() -> bind(value, int.class)).isInstanceOf(InvalidMessageException.class);
  }

  @Test
  void mismatchedTypesFail() {
    assertBindFails("\"abc\"", int.class);
    assertBindFails("\"5\"", int.class);
    assertBindFails("\"5\"", double.class);
    assertBindFails("5", String.class);
    assertBindFails("1", boolean.class);
    assertBindFails("\"true\"", boolean.class);
    assertBindFails("5.5", int.class);
    assertBindFails("[1]", Person.class);
    assertBindFails("{\"age\":\"x\"}", Person.class);
  }

  @Test
  void rendersItsJson() throws Exception {
    Object value = arguments("{\"a\": [1, 2.50, \"é\", null] }").get(0);

    assertThat(value).hasToString("{\"a\":[1,2.50,\"é\",null]}");
    assertThat(value).isEqualTo(arguments("{\"a\":[1,2.50,\"é\",null]}").get(0));
  }

  @Test
  void aStringKeepsItsTextAndStillBindsToWhatJacksonMakesOfStrings() throws Exception {
    Object value = arguments("\"a\\\"b\\u00e9\\n😀\"").get(0);

    assertThat(bind(value, String.class)).isEqualTo("a\"bé\n😀");
    assertThat(bind(value, Object.class)).isEqualTo("a\"bé\n😀");
    assertThat(bind(value, CharSequence.class)).isEqualTo("a\"bé\n😀");
    assertThat(value).hasToString("\"a\\\"bé\\n😀\"");
    Object id = arguments("\"123e4567-e89b-12d3-a456-426614174000\"").get(0);
    assertThat(bind(id, java.util.UUID.class))
        .isEqualTo(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(bind(arguments("\"1\"").get(0), Color.class)).isEqualTo(Color.values()[1]);
  }

  private void assertBindFails(String json, Type type) {
    Object value;
    try {
      value = arguments(json).get(0);
    } catch (InvalidMessageException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> bind(value, type))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Cannot bind the value to " + type.getTypeName());
  }

  private static Object bind(Object value, Type type) throws InvalidMessageException {
    return ((UnboundValue) value).bind(type);
  }

  private List<Object> arguments(String json) throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    String message = "{\"type\":1,\"target\":\"T\",\"arguments\":[" + json + "]}" + RS;
    protocol.parseMessages(buffer(message), 0, out);
    return ((InvocationMessage) out.get(0)).arguments();
  }
}
