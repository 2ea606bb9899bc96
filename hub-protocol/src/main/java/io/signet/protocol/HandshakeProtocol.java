package io.signet.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads the handshake request and writes the handshake response. The handshake is JSON followed by
 * the record separator for every hub protocol, binary ones included.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class HandshakeProtocol {

  // Non-ASCII is escaped because the JS client decodes a binary protocol's handshake response one
  // byte per character. A request is two flat properties: the default message depth is ample.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MessageLimits.DEFAULT_MAXIMUM_NESTING_DEPTH).build())
      .build();

  private static final byte[] SUCCESS = {'{', '}', TextMessageFormat.RECORD_SEPARATOR};

  private HandshakeProtocol() {}

  /**
   * Parses the handshake request at the start of {@code input}.
   *
   * <p>When {@code input} holds no complete record yet, returns {@code null} and leaves the
   * position unchanged. Otherwise advances the position past exactly the first record, also when
   * that record is invalid, so that bytes after it stay in place for the hub protocol.
   *
   * @param input the bytes received, from its position to its limit
   * @param maximumMessageSize the largest request accepted, in bytes; {@code 0} or less for none
   * @return the request, or {@code null} when more bytes are needed
   * @throws MessageTooLargeException when the request is over the limit
   * @throws InvalidMessageException when the request is not valid JSON or lacks {@code protocol} or
   *     {@code version}
   */
  public static HandshakeRequest parseRequest(ByteBuffer input, long maximumMessageSize)
      throws InvalidMessageException {
    return parseFirstRecord(input, maximumMessageSize, HandshakeProtocol::readRequest);
  }

  /** Reads one JSON record's value. */
  private interface RecordReader<T> {
    T read(JsonParser parser) throws IOException, InvalidMessageException;
  }

  /**
   * Reads the first {@code RS}-terminated record of {@code input} with {@code reader}, advancing
   * past it even when it is invalid; {@code null}, with the position unchanged, when there is no
   * complete record yet.
   */
  private static <T> T parseFirstRecord(ByteBuffer input, long maximumMessageSize,
      RecordReader<T> reader) throws InvalidMessageException {
    Objects.requireNonNull(input, "input == null");
    int end = TextMessageFormat.findRecordEnd(input, maximumMessageSize);
    if (end < 0) {
      return null;
    }
    int start = input.position();
    input.position(end + 1);
    try (JsonParser parser = TextMessageFormat.createParser(FACTORY, input, start, end)) {
      try {
        return reader.read(parser);
      } catch (IOException e) {
        throw JsonReading.invalid(e, parser);
      }
    } catch (IOException e) {
      throw new InvalidMessageException("Error reading JSON.", e); // creating or closing failed
    }
  }

  private static HandshakeRequest readRequest(JsonParser parser)
      throws IOException, InvalidMessageException {
    JsonReading.requireObjectStart(parser);
    String protocol = null;
    Integer version = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if ("protocol".equals(name)) {
        protocol = token == JsonToken.VALUE_STRING ? parser.getText() : null;
      } else if ("version".equals(name)) {
        version = token == JsonToken.VALUE_NUMBER_INT
            && parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
      }
      parser.skipChildren();
    }
    JsonReading.requireEnd(parser);
    if (protocol == null || protocol.isEmpty()) {
      throw new InvalidMessageException("Missing required property 'protocol'.");
    }
    if (version == null) {
      throw new InvalidMessageException("Missing required property 'version'.");
    }
    return new HandshakeRequest(protocol, version);
  }

  /**
   * Writes the handshake response: exactly {@code {}} and the record separator on success,
   * otherwise {@code {"error":"..."}} and the record separator, in ASCII.
   *
   * @param response the response to write
   * @return a new array the caller may keep
   */
  public static byte[] writeResponse(HandshakeResponse response) {
    Objects.requireNonNull(response, "response == null");
    if (response.error() == null) {
      return SUCCESS.clone();
    }
    ByteArrayBuilder out = new ByteArrayBuilder(64 + response.error().length());
    try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      generator.writeStringField("error", response.error());
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    out.write(TextMessageFormat.RECORD_SEPARATOR);
    return out.toByteArray();
  }

  /**
   * Writes a client's handshake request: {@code {"protocol":"...","version":n}} and the record
   * separator, as the official clients send it.
   *
   * @param request the request to write
   * @return a new array the caller may keep
   */
  public static byte[] writeRequest(HandshakeRequest request) {
    Objects.requireNonNull(request, "request == null");
    ByteArrayBuilder out = new ByteArrayBuilder(48 + request.protocol().length());
    try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      generator.writeStringField("protocol", request.protocol());
      generator.writeNumberField("version", request.version());
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    out.write(TextMessageFormat.RECORD_SEPARATOR);
    return out.toByteArray();
  }

  /**
   * Parses the server's handshake response at the start of {@code input}, as a client does.
   *
   * <p>When {@code input} holds no complete record yet, returns {@code null} and leaves the
   * position unchanged. Otherwise advances the position past exactly the first record, so that
   * hub messages after it in the same chunk stay in place for the hub protocol.
   *
   * @param input the bytes received, from its position to its limit
   * @param maximumMessageSize the largest response accepted, in bytes; {@code 0} or less for none
   * @return the response ({@link HandshakeResponse#SUCCESS} for {@code {}} or any object without
   *     {@code error}), or {@code null} when more bytes are needed
   * @throws MessageTooLargeException when the response is over the limit
   * @throws InvalidMessageException when the response is not a JSON object, or carries a {@code
   *     type} property: a hub message where the handshake response belongs
   */
  public static HandshakeResponse parseResponse(ByteBuffer input, long maximumMessageSize)
      throws InvalidMessageException {
    return parseFirstRecord(input, maximumMessageSize, HandshakeProtocol::readResponse);
  }

  private static HandshakeResponse readResponse(JsonParser parser)
      throws IOException, InvalidMessageException {
    JsonReading.requireObjectStart(parser);
    String error = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if ("type".equals(name)) {
        // The JS client's own check: a hub message arrived before the handshake response.
        throw new InvalidMessageException("Expected a handshake response from the server.");
      } else if ("error".equals(name) && token == JsonToken.VALUE_STRING) {
        error = parser.getText();
      }
      parser.skipChildren();
    }
    JsonReading.requireEnd(parser);
    return error == null ? HandshakeResponse.SUCCESS : new HandshakeResponse(error);
  }
}
