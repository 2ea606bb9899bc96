package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.CloseMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.msgpack.MessagePackHubProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * MessagePack that no official client sends, for the transport tests: each a whole frame (its
 * VarInt length prefix, then its body) sent after a {@code messagepack} handshake, each of which
 * must end its connection with an error.
 */
final class HostileMessagePack {
  static final String HANDSHAKE = "{\"protocol\":\"messagepack\",\"version\":1}\u001e";
  static final String CLOSED_WITH_ERROR = "Connection closed with an error.";

  private HostileMessagePack() {}

  /** The hostile frames, each named by what is wrong with it. */
  static Stream<Arguments> frames() {
    return Stream.of(
        // An Invocation whose array declares 5 elements and holds 2: the body ends first.
        Arguments.of("a message cut short", bytes(0x03, 0x95, 0x01, 0x80)),
        // 0x0FFFFFFF bytes (256 MiB) declared, far over the 1,000 allowed: refused on the prefix,
        // before any of the body is waited for or allocated.
        Arguments.of("a length prefix over the limit", bytes(0xFF, 0xFF, 0xFF, 0x7F, 0x95)),
        // An Invocation of 2 elements: type and headers, nothing else.
        Arguments.of("an array too short for its type", bytes(0x03, 0x92, 0x01, 0x80)),
        // An Invocation whose target is the integer 42.
        Arguments.of("a target that is not a string",
            bytes(0x06, 0x95, 0x01, 0x80, 0xC0, 0x2A, 0x90)),
        // A message that is a map, not an array.
        Arguments.of("a map instead of an array", bytes(0x03, 0x81, 0x01, 0x01)));
  }

  /** The bytes of the given unsigned values. */
  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /** The MessagePack messages in {@code body}. */
  static List<HubMessage> parse(byte[] body) throws Exception {
    List<HubMessage> messages = new ArrayList<>();
    new MessagePackHubProtocol().parseMessages(ByteBuffer.wrap(body), 0, messages);
    return messages;
  }

  /** Asserts that {@code body} holds one message: a Close with SignalR's generic error. */
  static void assertClosedWithError(byte[] body) throws Exception {
    assertThat(parse(body)).containsExactly(new CloseMessage(CLOSED_WITH_ERROR, true));
  }
}
