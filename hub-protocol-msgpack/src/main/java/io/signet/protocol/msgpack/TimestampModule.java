package io.signet.protocol.msgpack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;
import org.msgpack.jackson.dataformat.MessagePackGenerator;

/**
 * Writes points in time as MessagePack timestamps (extension -1), which the JS client reads as
 * {@code Date} and .NET as {@code DateTime}, and reads them back from timestamps as well as from
 * the ISO-8601 strings Jackson's own deserializers take.
 *
 * <p>{@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime} and {@link Date} are written
 * as the instant they name: a timestamp has no offset, so the offset is lost (as .NET loses a
 * {@code DateTime}'s kind), and they are read back in UTC. {@link LocalDateTime} is taken as UTC,
 * as MessagePack-CSharp takes a {@code DateTime} of unspecified kind. Other {@code java.time}
 * types keep Jackson's ISO-8601 strings.
 *
 * <p>The serializers and deserializers Jackson finds for these types are wrapped rather than
 * replaced, so annotations and other generators (a token buffer, JSON) still get theirs.
 */
final class TimestampModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  private static final Map<Class<?>, Function<Object, Instant>> TO_INSTANT = Map.of(
      Instant.class, value -> (Instant) value,
      OffsetDateTime.class, value -> ((OffsetDateTime) value).toInstant(),
      ZonedDateTime.class, value -> ((ZonedDateTime) value).toInstant(),
      LocalDateTime.class, value -> ((LocalDateTime) value).toInstant(ZoneOffset.UTC),
      Date.class, value -> ((Date) value).toInstant());

  private static final Map<Class<?>, Function<Instant, Object>> FROM_INSTANT = Map.of(
      Instant.class, instant -> instant,
      OffsetDateTime.class, instant -> OffsetDateTime.ofInstant(instant, ZoneOffset.UTC),
      ZonedDateTime.class, instant -> ZonedDateTime.ofInstant(instant, ZoneOffset.UTC),
      LocalDateTime.class, instant -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC),
      Date.class, Date::from);

  TimestampModule() {
    super("signet-msgpack-timestamps");
    setSerializerModifier(new BeanSerializerModifier() {
      private static final long serialVersionUID = 1L;

      @Override
      public JsonSerializer<?> modifySerializer(
          SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
        Function<Object, Instant> toInstant = TO_INSTANT.get(description.getBeanClass());
        return toInstant == null ? serializer : new TimestampSerializer(serializer, toInstant);
      }
    });
    setDeserializerModifier(new BeanDeserializerModifier() {
      private static final long serialVersionUID = 1L;

      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config,
          BeanDescription description, JsonDeserializer<?> deserializer) {
        Function<Instant, Object> fromInstant = FROM_INSTANT.get(description.getBeanClass());
        return fromInstant == null
            ? deserializer : new TimestampDeserializer(deserializer, fromInstant);
      }
    });
  }

  /** A timestamp into a MessagePack generator; the wrapped serializer anywhere else. */
  private static final class TimestampSerializer extends StdSerializer<Object>
      implements ContextualSerializer {
    private static final long serialVersionUID = 1L;
    private final JsonSerializer<Object> delegate;
    private final Function<Object, Instant> toInstant;

    @SuppressWarnings("unchecked")
    TimestampSerializer(JsonSerializer<?> delegate, Function<Object, Instant> toInstant) {
      super(Object.class);
      this.delegate = (JsonSerializer<Object>) delegate;
      this.toInstant = toInstant;
    }

    @Override
    public void serialize(Object value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      if (generator instanceof MessagePackGenerator) {
        byte[] data = Timestamps.encode(toInstant.apply(value));
        ((MessagePackGenerator) generator).writeExtensionType(
            new MessagePackExtensionType(Timestamps.EXTENSION_TYPE, data));
      } else {
        delegate.serialize(value, generator, provider);
      }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      JsonSerializer<?> contextual = delegate instanceof ContextualSerializer
          ? ((ContextualSerializer) delegate).createContextual(provider, property) : delegate;
      return contextual == delegate ? this : new TimestampSerializer(contextual, toInstant);
    }
  }

  /** A timestamp (which the parser hands over as an {@link Instant}), else the wrapped reader. */
  private static final class TimestampDeserializer extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;
    private final Function<Instant, Object> fromInstant;

    TimestampDeserializer(JsonDeserializer<?> delegate, Function<Instant, Object> fromInstant) {
      super(delegate);
      this.fromInstant = fromInstant;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new TimestampDeserializer(newDelegatee, fromInstant);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_EMBEDDED_OBJECT)) {
        Object embedded = parser.getEmbeddedObject();
        if (embedded instanceof Instant) {
          return fromInstant.apply((Instant) embedded);
        }
        return context.handleUnexpectedToken(handledType(), parser);
      }
      return super.deserialize(parser, context);
    }
  }
}
