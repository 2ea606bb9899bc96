package io.signet.protocol.msgpack;

import static io.signet.protocol.msgpack.MessageElements.requireNonEmpty;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.MessageType;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Turns one frame's body, a MessagePack array whose first element is the message type, into a
 * {@link HubMessage}, element by element as ASP.NET Core's {@code MessagePackHubProtocolWorker}
 * reads it, with its error texts. Stateless; one instance serves all threads.
 *
 * <p>Elements past those a message type defines are skipped (a newer peer may add some; .NET
 * ignores them too), but they must still be well-formed and within the nesting limit, and nothing
 * may follow the array inside the frame.
 */
final class MessagePackMessageReader {
  private static final int ERROR_RESULT = 1;
  private static final int VOID_RESULT = 2;
  private static final int NON_VOID_RESULT = 3;

  private final ObjectMapper mapper;

  MessagePackMessageReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Reads the body from {@code start} (inclusive) to {@code end} (exclusive) of {@code input}.
   *
   * @return the message, or {@code null} when its type is unknown: new types must be ignorable
   */
  HubMessage read(ByteBuffer input, int start, int end, MessageLimits limits)
      throws InvalidMessageException {
    MessagePackReader reader = new MessagePackReader(input, start, end);
    long count;
    try {
      count = reader.readArrayHeader();
    } catch (InvalidMessageException e) {
      throw new InvalidMessageException("Reading array length for 'message' failed.", e);
    }
    MessageElements elements = new MessageElements(reader, count, mapper, limits);
    HubMessage message = readMessage(elements, elements.readInt32("messageType"));
    elements.skipRest();
    if (!reader.atEnd()) {
      throw new InvalidMessageException("Unexpected content after the MessagePack array.");
    }
    return message;
  }

  private static HubMessage readMessage(MessageElements elements, int type)
      throws InvalidMessageException {
    switch (type) {
      case MessageType.INVOCATION:
        return invocation(elements);
      case MessageType.STREAM_INVOCATION:
        return streamInvocation(elements);
      case MessageType.STREAM_ITEM:
        return streamItem(elements);
      case MessageType.COMPLETION:
        return completion(elements);
      case MessageType.CANCEL_INVOCATION:
        return cancelInvocation(elements);
      case MessageType.PING:
        return PingMessage.INSTANCE;
      case MessageType.CLOSE:
        return close(elements);
      case MessageType.ACK:
        return new AckMessage(elements.readInt64("sequenceId"));
      case MessageType.SEQUENCE:
        return new SequenceMessage(elements.readInt64("sequenceId"));
      default:
        return null;
    }
  }

  private static InvocationMessage invocation(MessageElements elements)
      throws InvalidMessageException {
    Map<String, String> headers = elements.readHeaders();
    String id = elements.readString("invocationId");
    // Clients write nil for a non-blocking call; an empty id cannot be answered either.
    if (id != null && id.isEmpty()) {
      id = null;
    }
    String target = requireNonEmpty(elements.readString("target"),
        "target for Invocation message");
    List<Object> arguments = elements.readArguments();
    // The JS client leaves StreamIds out when it has none: 5 elements instead of 6.
    List<String> streamIds = elements.hasMore() ? elements.readStreamIds() : List.of();
    return new InvocationMessage(id, target, arguments, streamIds, headers);
  }

  private static StreamInvocationMessage streamInvocation(MessageElements elements)
      throws InvalidMessageException {
    Map<String, String> headers = elements.readHeaders();
    String id = requireNonEmpty(elements.readString("invocationId"),
        "invocation ID for StreamInvocation message");
    String target = requireNonEmpty(elements.readString("target"),
        "target for StreamInvocation message");
    List<Object> arguments = elements.readArguments();
    List<String> streamIds = elements.hasMore() ? elements.readStreamIds() : List.of();
    return new StreamInvocationMessage(id, target, arguments, streamIds, headers);
  }

  private static StreamItemMessage streamItem(MessageElements elements)
      throws InvalidMessageException {
    Map<String, String> headers = elements.readHeaders();
    String id = requireNonEmpty(elements.readString("invocationId"),
        "invocation ID for StreamItem message");
    return new StreamItemMessage(id, elements.readPayload("item"), headers);
  }

  private static CompletionMessage completion(MessageElements elements)
      throws InvalidMessageException {
    Map<String, String> headers = elements.readHeaders();
    String id = requireNonEmpty(elements.readString("invocationId"),
        "invocation ID for Completion message");
    int resultKind = elements.readInt32("resultKind");
    switch (resultKind) {
      case ERROR_RESULT:
        // .NET takes a nil error for no error at all, which leaves a void completion.
        String error = elements.readString("error");
        if (error != null && error.isEmpty()) {
          throw new InvalidMessageException("The 'error' property must not be empty.");
        }
        return new CompletionMessage(id, error, null, false, headers);
      case NON_VOID_RESULT:
        return new CompletionMessage(id, null, elements.readPayload("result"), true, headers);
      case VOID_RESULT:
        return new CompletionMessage(id, null, null, false, headers);
      default:
        throw new InvalidMessageException("Invalid invocation result kind.");
    }
  }

  private static CancelInvocationMessage cancelInvocation(MessageElements elements)
      throws InvalidMessageException {
    Map<String, String> headers = elements.readHeaders();
    String id = requireNonEmpty(elements.readString("invocationId"),
        "invocation ID for CancelInvocation message");
    return new CancelInvocationMessage(id, headers);
  }

  private static CloseMessage close(MessageElements elements) throws InvalidMessageException {
    String error = elements.readString("error");
    // The JS client writes [7, nil]; .NET writes the reconnect flag as a third element.
    boolean allowReconnect = elements.hasMore() && elements.readBoolean("allowReconnect");
    return new CloseMessage(error, allowReconnect);
  }
}
