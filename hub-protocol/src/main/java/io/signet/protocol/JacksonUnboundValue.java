package io.signet.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A JSON payload value kept as Jackson tokens until the receiver knows its Java type. JSON
 * {@code null} is a value too: it binds to {@code null} for reference types and fails for
 * primitives.
 *
 * <p>The token buffer is only written while the value is read off the wire; afterwards it is only
 * read, each time through a new parser, so binding from several threads is safe.
 *
 * <p>A JSON string, the most common argument, is kept as its text instead: no token buffer, and
 * binding it to {@code String} (or {@code Object}) needs no Jackson at all.
 */
final class JacksonUnboundValue implements UnboundValue {
  private final TokenBuffer tokens; // null when the value is a JSON string
  private final String text; // the JSON string's value, or null
  private final ObjectMapper mapper;

  private JacksonUnboundValue(TokenBuffer tokens, String text, ObjectMapper mapper) {
    this.tokens = tokens;
    this.text = text;
    this.mapper = mapper;
  }

  /** Copies the value at the parser's current token (a scalar or a whole array or object). */
  static JacksonUnboundValue copyOf(JsonParser parser, ObjectMapper mapper) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return new JacksonUnboundValue(null, parser.getText(), mapper);
    }
    TokenBuffer tokens = new TokenBuffer(parser);
    tokens.copyCurrentStructure(parser);
    return new JacksonUnboundValue(tokens, null, mapper);
  }

  @Override
  public Object bind(Type type) throws InvalidMessageException {
    Objects.requireNonNull(type, "type == null");
    if (text != null && (type == String.class || type == Object.class)) {
      return text; // what Jackson would produce
    }
    try (JsonParser parser = tokens().asParser(mapper)) {
      return mapper.readValue(parser, mapper.constructType(type));
    } catch (IOException | RuntimeException e) {
      // Jackson reports binding problems as IOExceptions, and a few (bad enum index, a
      // constructor that throws) as runtime exceptions; both mean the value does not fit.
      throw new InvalidMessageException(
          "Cannot bind the value to " + type.getTypeName() + ": " + describe(e), e);
    }
  }

  /** Jackson's message without its location, which names an in-memory token buffer. */
  private static String describe(Exception e) {
    return e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
  }

  /** The value as tokens: those read, or a JSON string's one token. */
  private TokenBuffer tokens() throws IOException {
    if (tokens != null) {
      return tokens;
    }
    TokenBuffer string = new TokenBuffer(mapper, false);
    string.writeString(text);
    return string;
  }

  /** Writes the value exactly as it was read. */
  void writeTo(JsonGenerator generator) throws IOException {
    if (tokens == null) {
      generator.writeString(text);
    } else {
      tokens.serialize(generator);
    }
  }

  /** The value as compact JSON text. */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
      writeTo(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Values are equal when their JSON text is, which keeps parsed messages comparable in tests. */
  @Override
  public boolean equals(Object other) {
    return other instanceof JacksonUnboundValue
        && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
