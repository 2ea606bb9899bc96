package io.signet.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Turns the JSON text of one record into a {@link HubMessage}, validating the properties each
 * message type requires. Stateless; one instance serves all threads.
 */
final class JsonMessageReader {
  private final ObjectMapper mapper;

  JsonMessageReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Reads one message from a parser over exactly one record.
   *
   * @param maximumArgumentCount the most arguments the message may carry
   * @return the message, or {@code null} when its type is unknown: new types must be ignorable
   */
  HubMessage read(JsonParser parser, int maximumArgumentCount) throws InvalidMessageException {
    JsonMessageFields fields = new JsonMessageFields(mapper, maximumArgumentCount);
    try {
      JsonReading.requireObjectStart(parser);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        fields.read(name, parser);
      }
      JsonReading.requireEnd(parser);
    } catch (IOException e) {
      throw JsonReading.invalid(e, parser);
    }
    if (fields.type == null) {
      throw new InvalidMessageException("Missing required property 'type'.");
    }
    try {
      return build(fields);
    } catch (IllegalArgumentException e) {
      // The records validate too; their rules are checked above, so this is a safety net.
      throw new InvalidMessageException(e.getMessage(), e);
    }
  }

  private static HubMessage build(JsonMessageFields f) throws InvalidMessageException {
    switch (f.type) {
      case MessageType.INVOCATION:
        return invocation(f);
      case MessageType.STREAM_ITEM:
        return new StreamItemMessage(requireId(f), f.hasItem ? f.item : null, f.headers);
      case MessageType.COMPLETION:
        return completion(f);
      case MessageType.STREAM_INVOCATION:
        return new StreamInvocationMessage(
            requireId(f), requireTarget(f), requireArguments(f), f.streamIds, f.headers);
      case MessageType.CANCEL_INVOCATION:
        return new CancelInvocationMessage(requireId(f), f.headers);
      case MessageType.PING:
        return PingMessage.INSTANCE;
      case MessageType.CLOSE:
        return new CloseMessage(f.error, f.allowReconnect);
      case MessageType.ACK:
        return new AckMessage(requireSequenceId(f));
      case MessageType.SEQUENCE:
        return new SequenceMessage(requireSequenceId(f));
      default:
        return null;
    }
  }

  private static InvocationMessage invocation(JsonMessageFields f) throws InvalidMessageException {
    // Without an id the call is fire-and-forget; an empty id cannot be answered either, so it is
    // read as absent rather than rejected.
    String id = f.invocationId == null || f.invocationId.isEmpty() ? null : f.invocationId;
    return new InvocationMessage(
        id, requireTarget(f), requireArguments(f), f.streamIds, f.headers);
  }

  private static CompletionMessage completion(JsonMessageFields f)
      throws InvalidMessageException {
    String id = requireId(f);
    if (f.error != null && f.hasResult) {
      throw new InvalidMessageException(
          "The 'error' and 'result' properties are mutually exclusive.");
    }
    if (f.error != null && f.error.isEmpty()) {
      throw new InvalidMessageException("The 'error' property must not be empty.");
    }
    return new CompletionMessage(id, f.error, f.result, f.hasResult, f.headers);
  }

  private static String requireId(JsonMessageFields f) throws InvalidMessageException {
    return requireNonEmpty(f.invocationId, "invocationId");
  }

  private static String requireTarget(JsonMessageFields f) throws InvalidMessageException {
    return requireNonEmpty(f.target, "target");
  }

  private static List<Object> requireArguments(JsonMessageFields f)
      throws InvalidMessageException {
    if (f.arguments == null) {
      throw missing("arguments");
    }
    return f.arguments;
  }

  private static long requireSequenceId(JsonMessageFields f) throws InvalidMessageException {
    if (f.sequenceId == null) {
      throw missing("sequenceId");
    }
    return f.sequenceId;
  }

  private static String requireNonEmpty(String value, String name)
      throws InvalidMessageException {
    if (value == null) {
      throw missing(name);
    }
    if (value.isEmpty()) {
      throw new InvalidMessageException("The '" + name + "' property must not be empty.");
    }
    return value;
  }

  private static InvalidMessageException missing(String name) {
    return new InvalidMessageException("Missing required property '" + name + "'.");
  }
}
