package io.signet.protocol.msgpack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageType;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.UnboundValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@link HubMessage}s as length-prefixed MessagePack arrays, element for element as ASP.NET
 * Core's {@code MessagePackHubProtocolWorker} writes them: Invocation and StreamInvocation always
 * with 6 elements, Completion with 4 or 5 by result kind, Close always with its reconnect flag.
 * Stateless; one instance serves all threads.
 */
final class MessagePackMessageWriter {
  private static final int ERROR_RESULT = 1;
  private static final int VOID_RESULT = 2;
  private static final int NON_VOID_RESULT = 3;

  /** Where a thread writes a message's body before framing it; kept while it stays small. */
  private static final ThreadLocal<MessagePackOutput> SCRATCH =
      ThreadLocal.withInitial(() -> new MessagePackOutput(256));
  /** A scratch buffer that grew past this (a big message) is dropped rather than kept. */
  private static final int MAX_KEPT_SCRATCH = 16 * 1024;

  private final ObjectWriter writer;

  MessagePackMessageWriter(ObjectMapper mapper) {
    this.writer = mapper.writer();
  }

  /**
   * Writes {@code message}, framed.
   *
   * @throws IllegalArgumentException when a payload value cannot be serialized
   */
  byte[] write(HubMessage message) {
    MessagePackOutput out = SCRATCH.get();
    // Taken for the duration: a payload whose serializer writes another message on this thread
    // gets a fresh buffer instead of this one.
    SCRATCH.remove();
    try {
      writeBody(message, out, new Payloads(writer, out));
    } catch (IOException e) {
      // Nothing here does real I/O, so this is a payload Jackson cannot serialize.
      throw new IllegalArgumentException(
          "Cannot write " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    int bodySize = out.size();
    byte[] framed = new byte[BinaryMessageFormat.prefixSize(bodySize) + bodySize];
    out.copyTo(framed, BinaryMessageFormat.writePrefix(bodySize, framed, 0));
    if (bodySize <= MAX_KEPT_SCRATCH) {
      out.reset();
      SCRATCH.set(out);
    }
    return framed;
  }

  private static void writeBody(HubMessage message, MessagePackOutput out, Payloads payloads)
      throws IOException {
    switch (message.type()) {
      case MessageType.INVOCATION:
        InvocationMessage invocation = (InvocationMessage) message;
        writeCall(out, payloads, MessageType.INVOCATION, invocation.headers(),
            invocation.invocationId(), invocation.target(), invocation.arguments(),
            invocation.streamIds());
        break;
      case MessageType.STREAM_INVOCATION:
        StreamInvocationMessage stream = (StreamInvocationMessage) message;
        writeCall(out, payloads, MessageType.STREAM_INVOCATION, stream.headers(),
            stream.invocationId(), stream.target(), stream.arguments(), stream.streamIds());
        break;
      case MessageType.STREAM_ITEM:
        StreamItemMessage item = (StreamItemMessage) message;
        writeStart(out, 4, MessageType.STREAM_ITEM, item.headers());
        out.writeString(item.invocationId());
        payloads.write(item.item());
        break;
      case MessageType.COMPLETION:
        writeCompletion(out, payloads, (CompletionMessage) message);
        break;
      case MessageType.CANCEL_INVOCATION:
        CancelInvocationMessage cancel = (CancelInvocationMessage) message;
        writeStart(out, 3, MessageType.CANCEL_INVOCATION, cancel.headers());
        out.writeString(cancel.invocationId());
        break;
      default:
        writeControl(message, out);
    }
  }

  /** The messages that carry neither headers nor payloads. */
  private static void writeControl(HubMessage message, MessagePackOutput out) {
    switch (message.type()) {
      case MessageType.PING:
        out.writeArrayHeader(1);
        out.writeInteger(MessageType.PING);
        break;
      case MessageType.CLOSE:
        CloseMessage close = (CloseMessage) message;
        out.writeArrayHeader(3);
        out.writeInteger(MessageType.CLOSE);
        if (close.error() == null || close.error().isEmpty()) {
          out.writeNil();
        } else {
          out.writeString(close.error());
        }
        out.writeBoolean(close.allowReconnect());
        break;
      case MessageType.ACK:
        out.writeArrayHeader(2);
        out.writeInteger(MessageType.ACK);
        out.writeInteger(((AckMessage) message).sequenceId());
        break;
      case MessageType.SEQUENCE:
        out.writeArrayHeader(2);
        out.writeInteger(MessageType.SEQUENCE);
        out.writeInteger(((SequenceMessage) message).sequenceId());
        break;
      default:
        throw new IllegalArgumentException("Unknown message type " + message.type());
    }
  }

  private static void writeCall(MessagePackOutput out, Payloads payloads, int type,
      Map<String, String> headers, String invocationId, String target, List<Object> arguments,
      List<String> streamIds) throws IOException {
    writeStart(out, 6, type, headers);
    if (invocationId == null) {
      out.writeNil();
    } else {
      out.writeString(invocationId);
    }
    out.writeString(target);
    out.writeArrayHeader(arguments.size());
    for (Object argument : arguments) {
      payloads.write(argument);
    }
    out.writeArrayHeader(streamIds.size());
    for (String streamId : streamIds) {
      out.writeString(streamId);
    }
  }

  private static void writeCompletion(MessagePackOutput out, Payloads payloads,
      CompletionMessage completion) throws IOException {
    int resultKind = completion.error() != null ? ERROR_RESULT
        : completion.hasResult() ? NON_VOID_RESULT : VOID_RESULT;
    writeStart(out, resultKind == VOID_RESULT ? 4 : 5, MessageType.COMPLETION,
        completion.headers());
    out.writeString(completion.invocationId());
    out.writeInteger(resultKind);
    if (resultKind == ERROR_RESULT) {
      out.writeString(completion.error());
    } else if (resultKind == NON_VOID_RESULT) {
      payloads.write(completion.result());
    }
  }

  /**
   * The array header, the message type and the headers map (empty: {@code 0x80}). The message
   * records keep headers in an unordered map, so they are written sorted by key: the same message
   * always gives the same bytes, which are .NET's when its headers were added in that order.
   */
  private static void writeStart(MessagePackOutput out, int elements, int type,
      Map<String, String> headers) {
    out.writeArrayHeader(elements);
    out.writeInteger(type);
    out.writeMapHeader(headers.size());
    Iterable<Map.Entry<String, String>> entries = headers.size() < 2
        ? headers.entrySet() : new TreeMap<>(headers).entrySet();
    for (Map.Entry<String, String> header : entries) {
      out.writeString(header.getKey());
      out.writeString(header.getValue());
    }
  }

  /**
   * Writes payload values into the output between envelope elements, each through a Jackson
   * generator of its own: msgpack-java's generator cannot write a scalar after a map or array at
   * its root, so one generator cannot serve all the values of a message.
   */
  private static final class Payloads {
    private final ObjectWriter writer;
    private final MessagePackOutput out;

    Payloads(ObjectWriter writer, MessagePackOutput out) {
      this.writer = writer;
      this.out = out;
    }

    void write(Object value) throws IOException {
      if (value == null) {
        out.writeNil();
      } else if (value instanceof MessagePackUnboundValue) {
        // A parsed value being forwarded: its bytes as they came, as .NET writes a RawResult.
        byte[] bytes = ((MessagePackUnboundValue) value).bytes();
        out.write(bytes, 0, bytes.length);
      } else {
        Object plain = value instanceof UnboundValue ? bindForeign((UnboundValue) value) : value;
        try (JsonGenerator generator = writer.createGenerator(out)) {
          writer.writeValue(generator, plain);
        }
      }
    }

    /** A value another protocol parsed: bind it to whatever Java type it naturally has. */
    private static Object bindForeign(UnboundValue value) {
      try {
        return value.bind(Object.class);
      } catch (InvalidMessageException e) {
        throw new IllegalArgumentException("Cannot write an unbound value: " + e.getMessage(), e);
      }
    }
  }
}
