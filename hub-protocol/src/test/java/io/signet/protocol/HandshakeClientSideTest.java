package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static io.signet.protocol.TestBuffers.rest;
import static io.signet.protocol.TestBuffers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The client's half of the handshake: writing the request, reading the server's answer. */
class HandshakeClientSideTest {

  @Test
  void writesTheRequestAsTheOfficialClientsDo() {
    assertThat(text(HandshakeProtocol.writeRequest(new HandshakeRequest("json", 1))))
        .isEqualTo("{\"protocol\":\"json\",\"version\":1}" + RS);
  }

  @Test
  void aWrittenRequestParsesBack() throws Exception {
    byte[] bytes = HandshakeProtocol.writeRequest(new HandshakeRequest("messagepack", 2));

    assertThat(HandshakeProtocol.parseRequest(ByteBuffer.wrap(bytes), 0))
        .isEqualTo(new HandshakeRequest("messagepack", 2));
  }

  @Test
  void anEmptyObjectIsSuccessAndTheMessagesAfterItStay() throws Exception {
    ByteBuffer input = buffer("{}" + RS + "{\"type\":6}" + RS);

    assertThat(HandshakeProtocol.parseResponse(input, 1024)).isEqualTo(HandshakeResponse.SUCCESS);
    assertThat(rest(input)).isEqualTo("{\"type\":6}" + RS);
  }

  @Test
  void unknownPropertiesAreIgnored() throws Exception {
    assertThat(HandshakeProtocol.parseResponse(buffer("{\"minorVersion\":1,\"x\":[{}]}" + RS), 0))
        .isEqualTo(HandshakeResponse.SUCCESS);
  }

  @Test
  void readsTheError() throws Exception {
    assertThat(HandshakeProtocol.parseResponse(
        buffer("{\"error\":\"The protocol 'x' is not supported.\"}" + RS), 0))
        .isEqualTo(new HandshakeResponse("The protocol 'x' is not supported."));
  }

  @Test
  void aServerWritesWhatAClientReads() throws Exception {
    HandshakeResponse refused = new HandshakeResponse("Handshake was canceled. é");

    assertThat(HandshakeProtocol.parseResponse(
        ByteBuffer.wrap(HandshakeProtocol.writeResponse(refused)), 0)).isEqualTo(refused);
  }

  @Test
  void incompleteResponseReturnsNullAndLeavesThePosition() throws Exception {
    ByteBuffer input = buffer("{\"err");

    assertThat(HandshakeProtocol.parseResponse(input, 1024)).isNull();
    assertThat(input.position()).isZero();
  }

  @Test
  void aHubMessageInsteadOfTheResponseFails() {
    assertThatThrownBy(() -> HandshakeProtocol.parseResponse(buffer("{\"type\":6}" + RS), 0))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("Expected a handshake response from the server.");
  }

  @Test
  void notAnObjectFails() {
    assertThatThrownBy(() -> HandshakeProtocol.parseResponse(buffer("[1]" + RS), 0))
        .isInstanceOf(InvalidMessageException.class);
    assertThatThrownBy(() -> HandshakeProtocol.parseResponse(buffer("{" + RS), 0))
        .isInstanceOf(InvalidMessageException.class);
  }

  @Test
  void oversizeResponseFails() {
    assertThatThrownBy(() -> HandshakeProtocol.parseResponse(
        buffer("{\"error\":\"" + "x".repeat(100) + "\"}" + RS), 32))
        .isInstanceOf(MessageTooLargeException.class);
  }
}
