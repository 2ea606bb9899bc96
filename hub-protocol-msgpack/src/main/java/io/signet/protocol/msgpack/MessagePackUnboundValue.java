package io.signet.protocol.msgpack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.UnboundValue;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A MessagePack payload value kept as its bytes until the receiver knows its Java type. Nil is a
 * value too: it binds to {@code null} for reference types and fails for primitives.
 *
 * <p>The bytes were checked when the message was read (well-formed, within the nesting limit), so
 * binding never meets a hostile length. They are never written after construction, so binding
 * from several threads is safe.
 */
final class MessagePackUnboundValue implements UnboundValue {
  /** Writes a tree as JSON; a tree's own toString cannot write the timestamps in it. */
  private static final ObjectMapper RENDERER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private final byte[] bytes;
  private final ObjectMapper mapper;

  MessagePackUnboundValue(byte[] bytes, ObjectMapper mapper) {
    this.bytes = bytes;
    this.mapper = mapper;
  }

  @Override
  public Object bind(Type type) throws InvalidMessageException {
    Objects.requireNonNull(type, "type == null");
    JavaType javaType = mapper.constructType(type);
    Object value;
    try (JsonParser parser = new RangeCheckedParser(mapper.getFactory().createParser(bytes))) {
      value = mapper.readValue(parser, javaType);
    } catch (IOException | RuntimeException e) {
      // Jackson reports binding problems as IOExceptions, and a few (bad enum index, a
      // constructor that throws) as runtime exceptions; both mean the value does not fit.
      throw new InvalidMessageException(
          "Cannot bind the value to " + type.getTypeName() + ": " + describe(e), e);
    }
    // Some of Jackson's deserializers hand an embedded object (MessagePack binary or extension
    // data) back unchecked; the caller must never get a value of another type than it asked for.
    if (value != null && !javaType.getRawClass().isPrimitive()
        && !javaType.getRawClass().isInstance(value)) {
      throw new InvalidMessageException("Cannot bind the value to " + type.getTypeName()
          + ": found a " + value.getClass().getName() + ".");
    }
    return value;
  }

  /** Jackson's message without its location, which names an in-memory buffer. */
  private static String describe(Exception e) {
    return e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
  }

  /** The value's MessagePack bytes, as they were read; not a copy, so not to be modified. */
  byte[] bytes() {
    return bytes;
  }

  /**
   * The value as JSON text, for logs and test failures: binary as base64, timestamps as ISO-8601
   * strings; the bytes in hex when the payload mapper cannot read them.
   */
  @Override
  public String toString() {
    try {
      return RENDERER.writeValueAsString(mapper.readTree(bytes));
    } catch (IOException | RuntimeException e) {
      return "msgpack:" + HexFormat.of().formatHex(bytes);
    }
  }

  /** Values are equal when their bytes are, which keeps parsed messages comparable in tests. */
  @Override
  public boolean equals(Object other) {
    return other instanceof MessagePackUnboundValue
        && Arrays.equals(bytes, ((MessagePackUnboundValue) other).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
