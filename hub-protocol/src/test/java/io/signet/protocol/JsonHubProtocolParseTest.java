package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static io.signet.protocol.TestBuffers.rest;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonHubProtocolParseTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  @Test
  void parsesWithTypeLastAsTheJsClientWritesIt() throws Exception {
    HubMessage message = parseOne("{\"target\":\"Upload\",\"arguments\":[],\"invocationId\":\"1\","
        + "\"streamIds\":[\"0\"],\"type\":1}");

    assertThat(message).isEqualTo(
        new InvocationMessage("1", "Upload", List.of(), List.of("0"), Map.of()));
  }

  @Test
  void parsesSeveralMessagesInOneBuffer() throws Exception {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = buffer("{\"type\":6}" + RS + "{\"type\":5,\"invocationId\":\"2\"}" + RS
        + "{\"type\":8,\"sequenceId\":1394}" + RS);

    protocol.parseMessages(input, 0, out);

    assertThat(out).containsExactly(PingMessage.INSTANCE,
        new CancelInvocationMessage("2", null), new AckMessage(1394));
    assertThat(input.hasRemaining()).isFalse();
  }

  @Test
  void messageSplitAcrossTwoReads() throws Exception {
    String json = "{\"type\":3,\"invocationId\":\"0\",\"result\":42}" + RS;
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = ByteBuffer.allocate(100);
    input.put(json.substring(0, 20).getBytes(UTF_8)).flip();

    protocol.parseMessages(input, 1000, out);
    assertThat(out).isEmpty();
    assertThat(input.position()).isZero();

    input.compact().put(json.substring(20).getBytes(UTF_8));
    input.flip();
    protocol.parseMessages(input, 1000, out);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).toString()).contains("result=42");
    assertThat(input.hasRemaining()).isFalse();
  }

  @Test
  void ignoresUnknownPropertiesIncludingNestedValues() throws Exception {
    HubMessage message = parseOne("{\"x\":{\"a\":[1,{\"type\":2}],\"b\":null},\"y\":[[],{}],"
        + "\"type\":5,\"z\":\"s\",\"invocationId\":\"7\"}");

    assertThat(message).isEqualTo(new CancelInvocationMessage("7", null));
  }

  @Test
  void keepsHeaders() throws Exception {
    HubMessage message = parseOne(
        "{\"type\":2,\"headers\":{\"a\":\"1\",\"b\":\"2\"},\"invocationId\":\"1\",\"item\":null}");

    assertThat(((StreamItemMessage) message).headers()).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void skipsUnknownMessageTypes() throws Exception {
    List<HubMessage> out = new ArrayList<>();

    protocol.parseMessages(buffer("{\"type\":42,\"new\":[1]}" + RS + "{\"type\":6}" + RS), 0, out);

    assertThat(out).containsExactly(PingMessage.INSTANCE);
  }

  @Test
  void toleratesWhatTheJavaClientOmits() throws Exception {
    assertThat(parseOne("{\"type\":3,\"invocationId\":\"1\"}"))
        .isEqualTo(CompletionMessage.empty("1"));
    assertThat(parseOne("{\"type\":2,\"invocationId\":\"1\"}"))
        .isEqualTo(new StreamItemMessage("1", null, null));
    assertThat(parseOne("{\"type\":7,\"allowReconnect\":false}")).isEqualTo(CloseMessage.EMPTY);
  }

  @Test
  void emptyInvocationIdMeansNonBlocking() throws Exception {
    HubMessage message = parseOne("{\"type\":1,\"invocationId\":\"\",\"target\":\"T\","
        + "\"arguments\":[]}");

    assertThat(((InvocationMessage) message).invocationId()).isNull();
  }

  @Test
  void parsesCloseAndSequence() throws Exception {
    assertThat(parseOne("{\"allowReconnect\":true,\"error\":\"bye\",\"type\":7}"))
        .isEqualTo(new CloseMessage("bye", true));
    assertThat(parseOne("{\"type\":9,\"sequenceId\":9007199254740993}"))
        .isEqualTo(new SequenceMessage(9007199254740993L));
  }

  @Test
  void rejectsMissingRequiredProperties() {
    assertInvalid("{\"target\":\"T\",\"arguments\":[]}", "Missing required property 'type'.");
    assertInvalid("{\"type\":1,\"arguments\":[]}", "Missing required property 'target'.");
    assertInvalid("{\"type\":1,\"target\":\"T\"}", "Missing required property 'arguments'.");
    assertInvalid("{\"type\":4,\"target\":\"T\",\"arguments\":[]}",
        "Missing required property 'invocationId'.");
    assertInvalid("{\"type\":2,\"item\":1}", "Missing required property 'invocationId'.");
    assertInvalid("{\"type\":3}", "Missing required property 'invocationId'.");
    assertInvalid("{\"type\":5}", "Missing required property 'invocationId'.");
    assertInvalid("{\"type\":8}", "Missing required property 'sequenceId'.");
    assertInvalid("{\"type\":9}", "Missing required property 'sequenceId'.");
  }

  @Test
  void rejectsWrongTypes() {
    assertInvalid("{\"type\":\"1\"}", "Expected 'type' to be of type Integer.");
    assertInvalid("{\"type\":1.5}", "Expected 'type' to be of type Integer.");
    assertInvalid("{\"type\":5,\"invocationId\":1}",
        "Expected 'invocationId' to be of type String.");
    assertInvalid("{\"type\":1,\"target\":\"T\",\"arguments\":{}}",
        "Expected 'arguments' to be of type Array.");
    assertInvalid("{\"type\":5,\"invocationId\":\"1\",\"headers\":{\"a\":1}}",
        "Expected header 'a' to be of type String.");
    assertInvalid("{\"type\":7,\"allowReconnect\":\"yes\"}",
        "Expected 'allowReconnect' to be of type Boolean.");
    assertInvalid("{\"type\":8,\"sequenceId\":\"1\"}",
        "Expected 'sequenceId' to be of type Integer.");
  }

  @Test
  void rejectsInvalidCombinations() {
    assertInvalid("{\"type\":3,\"invocationId\":\"1\",\"error\":\"e\",\"result\":1}",
        "The 'error' and 'result' properties are mutually exclusive.");
    assertInvalid("{\"type\":3,\"invocationId\":\"\"}",
        "The 'invocationId' property must not be empty.");
    assertInvalid("{\"type\":1,\"target\":\"\",\"arguments\":[]}",
        "The 'target' property must not be empty.");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> parseOne("{\"type\":6,"))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("Error reading JSON.")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    assertInvalid("", "Error reading JSON.");
    assertInvalid("[6]", "Unexpected JSON Token Type 'START_ARRAY'. Expected a JSON Object.");
    assertInvalid("{\"type\":6}{\"type\":6}", "Unexpected content after the JSON object.");
  }

  @Test
  void keepsEarlierMessagesAndSkipsTheBadRecord() {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = buffer("{\"type\":6}" + RS + "{bad" + RS + "{\"type\":6}" + RS);

    assertThatThrownBy(() -> protocol.parseMessages(input, 0, out))
        .isInstanceOf(InvalidMessageException.class);
    assertThat(out).containsExactly(PingMessage.INSTANCE);
    assertThat(rest(input)).isEqualTo("{\"type\":6}" + RS);
  }

  @Test
  void rejectsOversizeRecords() {
    String json = "{\"type\":1,\"target\":\"T\",\"arguments\":[\"0123456789\"]}";
    List<HubMessage> out = new ArrayList<>();

    assertThatThrownBy(() -> protocol.parseMessages(buffer(json + RS), 20, out))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> protocol.parseMessages(buffer(json), 20, out))
        .isInstanceOf(MessageTooLargeException.class);
    assertThat(out).isEmpty();
  }

  @Test
  void readsDirectBuffers() throws Exception {
    byte[] bytes = ("{\"type\":6}" + RS).getBytes(UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    List<HubMessage> out = new ArrayList<>();

    protocol.parseMessages(direct, 0, out);

    assertThat(out).containsExactly(PingMessage.INSTANCE);
  }

  private HubMessage parseOne(String json) throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    protocol.parseMessages(buffer(json + RS), 0, out);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> protocol.parseMessages(buffer(json + RS), 0, new ArrayList<>()))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage(message);
  }
}
