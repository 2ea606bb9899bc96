package io.signet.protocol;

import static io.signet.protocol.TestBuffers.RS;
import static io.signet.protocol.TestBuffers.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nesting and argument limits of {@link MessageLimits}, and that they leave the mapper be. */
class JsonHubProtocolLimitsTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  /** An invocation whose one argument nests {@code levels} arrays: the message nests levels + 2. */
  static String nestedInvocation(int levels) {
    return "{\"type\":1,\"target\":\"m\",\"arguments\":[" + "[".repeat(levels) + "]".repeat(levels)
        + "]}" + RS;
  }

  static String invocationWithArguments(int count) {
    StringBuilder json = new StringBuilder("{\"type\":1,\"target\":\"m\",\"arguments\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append(i);
    }
    return json.append("]}").append(RS).toString();
  }

  private List<HubMessage> parse(String text, MessageLimits limits)
      throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    protocol.parseMessages(buffer(text), limits, out);
    return out;
  }

  @Test
  void theDefaultDepthIs64LevelsTheMessagesObjectIncluded() throws Exception {
    assertThat(parse(nestedInvocation(62), MessageLimits.of(0))).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(63), MessageLimits.of(0)))
        .isInstanceOf(InvalidMessageException.class)
        .isNotInstanceOf(MessageTooLargeException.class)
        .hasMessage("The message nests arrays and objects more than 64 levels deep.");
  }

  @Test
  void deepObjectsCountAsArraysDo() {
    String deep = "{\"type\":1,\"target\":\"m\",\"arguments\":[" + "{\"a\":".repeat(63) + "1"
        + "}".repeat(63) + "]}" + RS;
    assertThatThrownBy(() -> parse(deep, MessageLimits.of(0)))
        .hasMessage("The message nests arrays and objects more than 64 levels deep.");
  }

  @Test
  void aConfiguredDepthAppliesToThatCallOnly() throws Exception {
    MessageLimits shallow = new MessageLimits(0, 4, 64);
    assertThat(parse(nestedInvocation(2), shallow)).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(3), shallow))
        .hasMessage("The message nests arrays and objects more than 4 levels deep.");
    MessageLimits deep = new MessageLimits(0, 500, 64);
    assertThat(parse(nestedInvocation(498), deep)).hasSize(1);
    assertThatThrownBy(() -> parse(nestedInvocation(499), deep))
        .hasMessage("The message nests arrays and objects more than 500 levels deep.");
    assertThat(parse(nestedInvocation(62), MessageLimits.of(0))).hasSize(1);
  }

  @Test
  void aDeepValueFarBeyondTheLimitFailsWithoutExhaustingTheStack() {
    ByteBuffer input = buffer(nestedInvocation(1_000_000));
    assertThatThrownBy(() -> protocol.parseMessages(input, MessageLimits.of(0), new ArrayList<>()))
        .hasMessage("The message nests arrays and objects more than 64 levels deep.");
    assertThat(input.hasRemaining()).as("the record is consumed").isFalse();
  }

  @Test
  void theArgumentCountIsLimited() throws Exception {
    assertThat(parse(invocationWithArguments(64), MessageLimits.of(0))).hasSize(1);
    assertThatThrownBy(() -> parse(invocationWithArguments(65), MessageLimits.of(0)))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("The message carries more than 64 arguments.");
    assertThat(parse(invocationWithArguments(2), new MessageLimits(0, 64, 2))).hasSize(1);
    assertThatThrownBy(() -> parse(invocationWithArguments(3), new MessageLimits(0, 64, 2)))
        .hasMessage("The message carries more than 2 arguments.");
  }

  @Test
  void messagesBeforeTheOffendingOneAreKept() {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = buffer("{\"type\":6}" + RS + invocationWithArguments(65) + "{\"type\":6}");
    assertThatThrownBy(() -> protocol.parseMessages(input, MessageLimits.of(0), out))
        .hasMessage("The message carries more than 64 arguments.");
    assertThat(out).containsExactly(PingMessage.INSTANCE);
    assertThat(TestBuffers.rest(input)).isEqualTo("{\"type\":6}");
  }

  @Test
  void theLongFormKeepsTheDefaultLimits() {
    assertThatThrownBy(() -> protocol.parseMessages(
        buffer(invocationWithArguments(65)), 0, new ArrayList<>()))
        .hasMessage("The message carries more than 64 arguments.");
  }

  @Test
  void thePayloadMapperKeepsItsOwnReadLimits() throws Exception {
    ObjectMapper mapper = JsonHubProtocol.defaultObjectMapper();
    new JsonHubProtocol(mapper);
    String deep = "[".repeat(200) + "]".repeat(200);
    assertThat(mapper.readTree(deep).isArray()).isTrue();
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> new MessageLimits(-1, 64, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageLimits(0, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageLimits(0, 64, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MessageLimits.of(-5).maximumMessageSize()).isZero();
  }

  @Test
  void aDeepHandshakeIsInvalid() {
    String request = "{\"protocol\":\"json\",\"version\":1,\"x\":" + "[".repeat(64)
        + "]".repeat(64) + "}" + RS;
    assertThatThrownBy(() -> HandshakeProtocol.parseRequest(buffer(request), 0))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("The message nests arrays and objects more than 64 levels deep.");
  }
}
