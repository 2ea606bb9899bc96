package io.signet.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON hub protocol ({@code "json"}): each message is a UTF-8 JSON object followed by the
 * record separator {@code 0x1E}.
 *
 * <p>Parsed payload values ({@code arguments}, {@code item}, {@code result}) are
 * {@link UnboundValue}s that bind with the payload {@link ObjectMapper}; payload values of
 * messages being written are serialized with it. Writing a parsed {@link UnboundValue} reproduces
 * its JSON.
 *
 * <p>Parsing enforces {@link MessageLimits}: beyond the size, the nesting depth (through
 * Jackson's {@link StreamReadConstraints}, on a copy of the mapper's factory, so the mapper itself
 * is left as it was) and the argument count.
 *
 * <p>Instances are thread-safe, and immutable but for a cache of parser factories, provided the
 * payload mapper is not reconfigured after it is handed over.
 */
public final class JsonHubProtocol implements HubProtocol {

  private static final String NAME = "json";

  // Version 2 adds stateful reconnect (Ack and Sequence); version 1 clients are served the same
  // way, as they never send those messages.
  private static final int VERSION = 2;

  private final ObjectMapper mapper;
  private final JsonMessageReader reader;
  private final JsonMessageWriter writer;
  // Jackson reads its nesting limit from the factory, so each depth in use gets a factory of its
  // own; most servers use one depth, the default, which is made up front. Other depths are added
  // to an immutable map replaced under this object's lock, so reading it takes no lock.
  private final JsonFactory defaultDepthFactory;
  private volatile Map<Integer, JsonFactory> otherDepthFactories = Map.of();

  /** A protocol whose payload mapper is {@link #defaultObjectMapper()}. */
  public JsonHubProtocol() {
    this(defaultObjectMapper());
  }

  /**
   * A protocol that binds and writes payload values with {@code payloadMapper}. The envelope's
   * properties ({@code type}, {@code target}, ...) are read and written the same whatever the
   * mapper's data-binding settings; its parser and generator come from the mapper's factory
   * (parsers from a copy of it that enforces the nesting limit).
   *
   * @param payloadMapper binds and writes the payload values
   * @throws IllegalStateException when the mapper's factory is a subclass that cannot be copied
   */
  public JsonHubProtocol(ObjectMapper payloadMapper) {
    this.mapper = Objects.requireNonNull(payloadMapper, "payloadMapper == null");
    this.reader = new JsonMessageReader(payloadMapper);
    this.writer = new JsonMessageWriter(payloadMapper);
    this.defaultDepthFactory = limitedFactory(MessageLimits.DEFAULT_MAXIMUM_NESTING_DEPTH);
  }

  private JsonFactory limitedFactory(int maximumNestingDepth) {
    JsonFactory base = mapper.getFactory();
    JsonFactory copy = base.copy();
    copy.setCodec(mapper);
    copy.setStreamReadConstraints(
        base.streamReadConstraints().rebuild().maxNestingDepth(maximumNestingDepth).build());
    return copy;
  }

  private JsonFactory parserFactory(int maximumNestingDepth) {
    if (maximumNestingDepth == MessageLimits.DEFAULT_MAXIMUM_NESTING_DEPTH) {
      return defaultDepthFactory;
    }
    JsonFactory known = otherDepthFactories.get(maximumNestingDepth);
    return known != null ? known : addParserFactory(maximumNestingDepth);
  }

  private synchronized JsonFactory addParserFactory(int maximumNestingDepth) {
    JsonFactory known = otherDepthFactories.get(maximumNestingDepth);
    if (known == null) {
      known = limitedFactory(maximumNestingDepth);
      Map<Integer, JsonFactory> grown = new HashMap<>(otherDepthFactories);
      grown.put(maximumNestingDepth, known);
      otherDepthFactories = Map.copyOf(grown);
    }
    return known;
  }

  /**
   * A new mapper configured like the .NET server's payload defaults: Java's camelCase property
   * names as they are, property names read case-insensitively, unknown properties ignored,
   * {@code java.time} values as ISO-8601 strings (offsets kept), enums written as their index and
   * read from index or name, {@code byte[]} as base64, beans without properties written as
   * {@code {}}, characters outside the BMP written as UTF-8 rather than escaped, JSON
   * {@code null} rejected for primitives, and no coercion between strings, numbers and booleans
   * nor from fractions to integers (as System.Text.Json refuses {@code "5"} for an {@code int}).
   *
   * @return a new mapper the caller may configure further before handing it to a protocol
   */
  public static ObjectMapper defaultObjectMapper() {
    return JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_ENUMS_USING_INDEX)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        // Jackson 2 escapes characters outside the BMP (emoji) as surrogate pairs by default.
        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .withCoercionConfig(LogicalType.Integer, c -> failFrom(c, CoercionInputShape.String))
        .withCoercionConfig(LogicalType.Float, c -> failFrom(c, CoercionInputShape.String))
        .withCoercionConfig(LogicalType.Boolean, c -> {
          failFrom(c, CoercionInputShape.String);
          c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        })
        .withCoercionConfig(LogicalType.Textual, c -> {
          c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
          c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
          c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        })
        .build();
  }

  private static void failFrom(MutableCoercionConfig config, CoercionInputShape shape) {
    config.setCoercion(shape, CoercionAction.Fail);
    config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
  }

  /** Returns {@code "json"}. */
  @Override
  public String name() {
    return NAME;
  }

  /** Returns 2; the server also accepts clients that ask for version 1. */
  @Override
  public int version() {
    return VERSION;
  }

  /** Returns {@link TransferFormat#Text}. */
  @Override
  public TransferFormat transferFormat() {
    return TransferFormat.Text;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Messages of an unknown type are skipped. When a record is invalid, the position is already
   * past it, so the caller may drop it or, as the .NET server does, close the connection.
   */
  @Override
  public void parseMessages(ByteBuffer input, MessageLimits limits, List<HubMessage> out)
      throws InvalidMessageException {
    Objects.requireNonNull(input, "input == null");
    Objects.requireNonNull(limits, "limits == null");
    Objects.requireNonNull(out, "out == null");
    JsonFactory factory = parserFactory(limits.maximumNestingDepth());
    int end;
    while ((end = TextMessageFormat.findRecordEnd(input, limits.maximumMessageSize())) >= 0) {
      int start = input.position();
      input.position(end + 1);
      HubMessage message = parseRecord(factory, input, start, end, limits.maximumArgumentCount());
      if (message != null) {
        out.add(message);
      }
    }
  }

  private HubMessage parseRecord(JsonFactory factory, ByteBuffer input, int start, int end,
      int maximumArgumentCount) throws InvalidMessageException {
    try (JsonParser parser = TextMessageFormat.createParser(factory, input, start, end)) {
      return reader.read(parser, maximumArgumentCount);
    } catch (IOException e) {
      throw new InvalidMessageException("Error reading JSON.", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a payload value cannot be serialized by the mapper
   */
  @Override
  public byte[] writeMessage(HubMessage message) {
    Objects.requireNonNull(message, "message == null");
    return writer.write(message);
  }
}
