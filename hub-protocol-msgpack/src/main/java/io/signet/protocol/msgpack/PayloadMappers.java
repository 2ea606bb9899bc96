package io.signet.protocol.msgpack;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import org.msgpack.jackson.dataformat.ExtensionTypeCustomDeserializers;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/** Builds the default payload mapper of {@link MessagePackHubProtocol}. */
final class PayloadMappers {
  private PayloadMappers() {}

  /** See {@link MessagePackHubProtocol#defaultObjectMapper()}. */
  static ObjectMapper create() {
    ExtensionTypeCustomDeserializers extensions = new ExtensionTypeCustomDeserializers();
    extensions.addCustomDeser(Timestamps.EXTENSION_TYPE, Timestamps::decode);
    MessagePackFactory factory = new MessagePackFactory()
        // Reuse keeps a packer and an unpacker per thread; a serializer that writes another
        // value on the same thread while one is open would then share them, so they are off.
        .setReuseResourceInGenerator(false)
        .setReuseResourceInParser(false)
        .setExtTypeCustomDesers(extensions);
    return MessagePackMapper.builder(factory)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addModule(new JavaTimeModule())
        .addModule(new TimestampModule())
        // Only the java.time types that are not points in time (LocalDate, Duration, ...) reach
        // Jackson's own serializers, which then write ISO-8601 strings.
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        // As .NET's decimal: a string, which keeps every digit, where a double would round.
        .withConfigOverride(BigDecimal.class,
            o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
        .withCoercionConfig(BigDecimal.class,
            c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
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
}
