package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static io.signet.protocol.TestBuffers.rest;
import static io.signet.protocol.TestBuffers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class HandshakeProtocolTest {

  @Test
  void parsesACompleteRequest() throws Exception {
    ByteBuffer input = buffer("{\"protocol\":\"json\",\"version\":1}" + RS);

    assertThat(HandshakeProtocol.parseRequest(input, 0))
        .isEqualTo(new HandshakeRequest("json", 1));
    assertThat(input.hasRemaining()).isFalse();
  }

  @Test
  void acceptsAnyPropertyOrderUnknownPropertiesAndAType() throws Exception {
    String json = "{\"x\":{\"a\":[1,{}]},\"version\":2,\"type\":1,\"protocol\":\"messagepack\"}";

    assertThat(HandshakeProtocol.parseRequest(buffer(json + RS), 0))
        .isEqualTo(new HandshakeRequest("messagepack", 2));
  }

  @Test
  void incompleteRequestReturnsNullAndLeavesThePosition() throws Exception {
    ByteBuffer input = buffer("{\"protocol\":\"json\",");

    assertThat(HandshakeProtocol.parseRequest(input, 1024)).isNull();
    assertThat(input.position()).isZero();
  }

  @Test
  void leavesBytesAfterTheRequestForTheHubProtocol() throws Exception {
    ByteBuffer input = buffer("{\"protocol\":\"json\",\"version\":1}" + RS + "{\"type\":6}" + RS);

    assertThat(HandshakeProtocol.parseRequest(input, 1024)).isNotNull();
    assertThat(rest(input)).isEqualTo("{\"type\":6}" + RS);
  }

  @Test
  void missingProtocolFails() {
    assertInvalid("{\"version\":1}", "Missing required property 'protocol'.");
    assertInvalid("{\"protocol\":5,\"version\":1}", "Missing required property 'protocol'.");
  }

  @Test
  void missingVersionFails() {
    assertInvalid("{\"protocol\":\"json\"}", "Missing required property 'version'.");
    assertInvalid("{\"protocol\":\"json\",\"version\":\"1\"}",
        "Missing required property 'version'.");
  }

  @Test
  void malformedJsonFails() {
    assertInvalid("{\"protocol\":\"json\",", "Error reading JSON.");
    assertInvalid("[]", "Unexpected JSON Token Type 'START_ARRAY'. Expected a JSON Object.");
  }

  @Test
  void invalidRequestIsConsumed() {
    ByteBuffer input = buffer("{\"version\":1}" + RS + "rest");

    assertThatThrownBy(() -> HandshakeProtocol.parseRequest(input, 0))
        .isInstanceOf(InvalidMessageException.class);
    assertThat(rest(input)).isEqualTo("rest");
  }

  @Test
  void oversizeRequestFails() {
    String json = "{\"protocol\":\"json\",\"version\":1}";

    assertThatThrownBy(() -> HandshakeProtocol.parseRequest(buffer(json + RS), 10))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> HandshakeProtocol.parseRequest(buffer(json), 10))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void successResponseIsAnEmptyObject() {
    assertThat(text(HandshakeProtocol.writeResponse(HandshakeResponse.SUCCESS)))
        .isEqualTo("{}" + RS);
  }

  @Test
  void errorResponseIsEscapedAscii() {
    byte[] bytes = HandshakeProtocol.writeResponse(
        new HandshakeResponse("The protocol 'j\"é' is not supported."));

    assertThat(text(bytes))
        .isEqualTo("{\"error\":\"The protocol 'j\\\"\\u00E9' is not supported.\"}" + RS);
    for (byte b : bytes) {
      assertThat(b).isNotNegative();
    }
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> HandshakeProtocol.parseRequest(buffer(json + RS), 0))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage(message);
  }
}
