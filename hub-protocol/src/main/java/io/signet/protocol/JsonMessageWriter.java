package io.signet.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link HubMessage}s as JSON records, with properties in the order the .NET server writes
 * them. Stateless; one instance serves all threads.
 */
final class JsonMessageWriter {
  /** Where a thread writes its messages before copying them out; kept while it stays small. */
  private static final ThreadLocal<ByteArrayBuilder> SCRATCH =
      ThreadLocal.withInitial(() -> new ByteArrayBuilder(256));
  /** A scratch buffer that grew past this (a big message) is dropped rather than kept. */
  private static final int MAX_KEPT_SCRATCH = 16 * 1024;

  private final ObjectWriter writer;

  JsonMessageWriter(ObjectMapper mapper) {
    // Payload values are written into the envelope's generator; flushing after each one would
    // only copy bytes into the output buffer early.
    this.writer = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  }

  /**
   * Writes {@code message} as UTF-8 JSON followed by the record separator.
   *
   * @throws IllegalArgumentException when a payload value cannot be serialized
   */
  byte[] write(HubMessage message) {
    ByteArrayBuilder out = SCRATCH.get();
    // Taken for the duration: a payload whose serializer writes another message on this thread
    // gets a fresh buffer instead of this one.
    SCRATCH.remove();
    boolean keep = false;
    try {
      try (JsonGenerator generator = writer.createGenerator(out, JsonEncoding.UTF8)) {
        generator.writeStartObject();
        generator.writeNumberField("type", message.type());
        writeBody(message, generator);
        generator.writeEndObject();
      } catch (IOException e) {
        // Nothing here does real I/O, so this is a payload Jackson cannot serialize.
        throw new IllegalArgumentException(
            "Cannot write " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
      out.write(TextMessageFormat.RECORD_SEPARATOR);
      byte[] bytes = out.toByteArray();
      keep = bytes.length <= MAX_KEPT_SCRATCH;
      return bytes;
    } finally {
      if (keep) {
        out.reset(); // empties it, keeping its current block for the next message
        SCRATCH.set(out);
      }
    }
  }

  private void writeBody(HubMessage message, JsonGenerator g) throws IOException {
    switch (message.type()) {
      case MessageType.INVOCATION:
        InvocationMessage invocation = (InvocationMessage) message;
        writeHeaderAndId(g, invocation.headers(), invocation.invocationId());
        writeCall(g, invocation.target(), invocation.arguments(), invocation.streamIds());
        break;
      case MessageType.STREAM_INVOCATION:
        StreamInvocationMessage stream = (StreamInvocationMessage) message;
        writeHeaderAndId(g, stream.headers(), stream.invocationId());
        writeCall(g, stream.target(), stream.arguments(), stream.streamIds());
        break;
      case MessageType.STREAM_ITEM:
        StreamItemMessage item = (StreamItemMessage) message;
        writeHeaderAndId(g, item.headers(), item.invocationId());
        g.writeFieldName("item");
        writePayload(g, item.item());
        break;
      case MessageType.COMPLETION:
        writeCompletion(g, (CompletionMessage) message);
        break;
      case MessageType.CANCEL_INVOCATION:
        CancelInvocationMessage cancel = (CancelInvocationMessage) message;
        writeHeaderAndId(g, cancel.headers(), cancel.invocationId());
        break;
      default:
        writeControl(message, g);
    }
  }

  /** The messages that carry neither headers nor an invocation id. */
  private static void writeControl(HubMessage message, JsonGenerator g) throws IOException {
    switch (message.type()) {
      case MessageType.PING:
        break;
      case MessageType.CLOSE:
        CloseMessage close = (CloseMessage) message;
        if (close.error() != null) {
          g.writeStringField("error", close.error());
        }
        // .NET writes the hint only when set; absent means false to every client.
        if (close.allowReconnect()) {
          g.writeBooleanField("allowReconnect", true);
        }
        break;
      case MessageType.ACK:
        g.writeNumberField("sequenceId", ((AckMessage) message).sequenceId());
        break;
      case MessageType.SEQUENCE:
        g.writeNumberField("sequenceId", ((SequenceMessage) message).sequenceId());
        break;
      default:
        throw new IllegalArgumentException("Unknown message type " + message.type());
    }
  }

  private void writeCompletion(JsonGenerator g, CompletionMessage completion) throws IOException {
    writeHeaderAndId(g, completion.headers(), completion.invocationId());
    if (completion.error() != null) {
      g.writeStringField("error", completion.error());
    } else if (completion.hasResult()) {
      g.writeFieldName("result");
      writePayload(g, completion.result());
    }
  }

  private static void writeHeaderAndId(JsonGenerator g, Map<String, String> headers, String id)
      throws IOException {
    if (!headers.isEmpty()) {
      g.writeObjectFieldStart("headers");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        g.writeStringField(header.getKey(), header.getValue());
      }
      g.writeEndObject();
    }
    if (id != null) {
      g.writeStringField("invocationId", id);
    }
  }

  private void writeCall(
      JsonGenerator g, String target, List<Object> arguments, List<String> streamIds)
      throws IOException {
    g.writeStringField("target", target);
    g.writeArrayFieldStart("arguments");
    for (Object argument : arguments) {
      writePayload(g, argument);
    }
    g.writeEndArray();
    if (!streamIds.isEmpty()) {
      g.writeArrayFieldStart("streamIds");
      for (String streamId : streamIds) {
        g.writeString(streamId);
      }
      g.writeEndArray();
    }
  }

  private void writePayload(JsonGenerator g, Object value) throws IOException {
    if (value instanceof JacksonUnboundValue) {
      // A parsed value being forwarded: reproduce its JSON rather than guess a type for it.
      ((JacksonUnboundValue) value).writeTo(g);
    } else if (value instanceof UnboundValue) {
      writer.writeValue(g, bindForeign((UnboundValue) value));
    } else {
      writer.writeValue(g, value);
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
