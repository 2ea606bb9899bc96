package io.signet.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Parsing helpers for the protocol tests. */
final class Parsing {
  static final MessagePackHubProtocol PROTOCOL = new MessagePackHubProtocol();
  private static final Type LIST_OF_CUSTOM = new TypeReference<List<CustomObject>>() {}.getType();

  private Parsing() {}

  /** Every message in {@code bytes}, which must all be complete. */
  static List<HubMessage> parseAll(byte[] bytes) throws InvalidMessageException {
    List<HubMessage> out = new ArrayList<>();
    ByteBuffer input = ByteBuffer.wrap(bytes);
    PROTOCOL.parseMessages(input, MessageLimits.of(0), out);
    assertThat(input.hasRemaining()).as("everything parsed").isFalse();
    return out;
  }

  /** The one message framed {@code body} holds. */
  static HubMessage parseBody(byte[] body) throws InvalidMessageException {
    List<HubMessage> messages = parseAll(TestBytes.frame(body));
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  /**
   * {@code parsed} with each payload bound to the type of the value at the same place in
   * {@code expected}, so that the two compare equal when the payloads carry the same values.
   */
  static HubMessage bindLike(HubMessage parsed, HubMessage expected) throws Exception {
    if (parsed instanceof InvocationMessage m && expected instanceof InvocationMessage e) {
      return new InvocationMessage(m.invocationId(), m.target(),
          bindAll(m.arguments(), e.arguments()), m.streamIds(), m.headers());
    }
    if (parsed instanceof StreamInvocationMessage m
        && expected instanceof StreamInvocationMessage e) {
      return new StreamInvocationMessage(m.invocationId(), m.target(),
          bindAll(m.arguments(), e.arguments()), m.streamIds(), m.headers());
    }
    if (parsed instanceof StreamItemMessage m && expected instanceof StreamItemMessage e) {
      return new StreamItemMessage(m.invocationId(), bind(m.item(), e.item()), m.headers());
    }
    if (parsed instanceof CompletionMessage m && expected instanceof CompletionMessage e) {
      Object result = m.hasResult() ? bind(m.result(), e.result()) : null;
      return new CompletionMessage(m.invocationId(), m.error(), result, m.hasResult(),
          m.headers());
    }
    return parsed;
  }

  private static List<Object> bindAll(List<Object> values, List<Object> like) throws Exception {
    assertThat(values).hasSameSizeAs(like);
    List<Object> bound = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      bound.add(bind(values.get(i), like.get(i)));
    }
    return bound;
  }

  private static Object bind(Object value, Object like) throws InvalidMessageException {
    assertThat(value).isInstanceOf(UnboundValue.class);
    Type type = like == null ? Object.class
        : like instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof CustomObject
            ? LIST_OF_CUSTOM : like.getClass();
    return ((UnboundValue) value).bind(type);
  }
}
