package io.signet.protocol.msgpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * The MessagePack hub protocol ({@code "messagepack"}, binary): each message is a MessagePack
 * array whose first element is the message type, prefixed with its length as a VarInt. It reads
 * and writes the bytes ASP.NET Core's {@code MessagePackHubProtocol} does, and what the JS client
 * {@code @microsoft/signalr-protocol-msgpack} writes (Invocation without StreamIds, Close without
 * AllowReconnect).
 *
 * <p>Parsed payload values (arguments, stream items, completion results) are {@link
 * io.signet.protocol.UnboundValue}s that keep their MessagePack bytes and bind with the payload
 * {@link ObjectMapper}; payload values of messages being written are serialized with it. Writing a
 * parsed value reproduces its bytes.
 *
 * <p>Parsing enforces {@link MessageLimits}: the size of a frame, its length prefix included (as
 * ASP.NET Core counts), refused as soon as the prefix is read; the nesting depth of arrays and
 * maps, the message array counting as the first level; and the argument count. Every length in
 * the data is checked against the frame before it is used, so no input makes the parser allocate
 * by a declared size.
 *
 * <p>Instances are immutable and thread-safe, provided the payload mapper is not reconfigured
 * after it is handed over. The public no-argument constructor lets {@link java.util.ServiceLoader}
 * find the protocol through {@code META-INF/services/io.signet.protocol.HubProtocol}.
 */
public final class MessagePackHubProtocol implements HubProtocol {

  private static final String NAME = "messagepack";

  // Version 2 adds stateful reconnect (Ack and Sequence), as in ASP.NET Core and the JS client;
  // version 1 clients are served the same way, as they never send those messages.
  private static final int VERSION = 2;

  private final MessagePackMessageReader reader;
  private final MessagePackMessageWriter writer;

  /** A protocol whose payload mapper is {@link #defaultObjectMapper()}. */
  public MessagePackHubProtocol() {
    this(defaultObjectMapper());
  }

  /**
   * A protocol that binds and writes payload values with {@code payloadMapper}. The envelope is
   * read and written the same whatever the mapper's settings.
   *
   * @param payloadMapper binds and writes the payload values, in MessagePack
   * @throws IllegalArgumentException when the mapper's factory is not a {@link
   *     MessagePackFactory}: payload bytes are spliced into the message as they are
   */
  public MessagePackHubProtocol(ObjectMapper payloadMapper) {
    Objects.requireNonNull(payloadMapper, "payloadMapper == null");
    if (!(payloadMapper.getFactory() instanceof MessagePackFactory)) {
      throw new IllegalArgumentException("payloadMapper must read and write MessagePack");
    }
    this.reader = new MessagePackMessageReader(payloadMapper);
    this.writer = new MessagePackMessageWriter(payloadMapper);
  }

  /**
   * A new mapper configured like the JSON protocol's where MessagePack allows, and like ASP.NET
   * Core's MessagePack payloads where the format differs:
   *
   * <ul>
   *   <li>objects as maps keyed by their property names as declared (as .NET's contract-less
   *       resolver writes them), read case-insensitively, unknown properties ignored; beans
   *       without properties written as empty maps;
   *   <li>enums written as their names (as .NET's {@code DynamicEnumAsStringResolver}), read from
   *       name or index;
   *   <li>{@code byte[]} as MessagePack binary;
   *   <li>{@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code LocalDateTime}
   *       (taken as UTC) and {@code java.util.Date} as the MessagePack timestamp extension (-1),
   *       which the JS client reads as a {@code Date}; read from timestamps or ISO-8601 strings,
   *       in UTC; other {@code java.time} types as ISO-8601 strings;
   *   <li>{@code BigDecimal} as a string, as .NET writes {@code decimal}; read from a string or a
   *       number;
   *   <li>nil rejected for primitives, and no coercion between strings, numbers and booleans nor
   *       from fractions to integers.
   * </ul>
   *
   * @return a new mapper the caller may configure further before handing it to a protocol
   */
  public static ObjectMapper defaultObjectMapper() {
    return PayloadMappers.create();
  }

  /** Returns {@code "messagepack"}. */
  @Override
  public String name() {
    return NAME;
  }

  /** Returns 2; the server also accepts clients that ask for version 1. */
  @Override
  public int version() {
    return VERSION;
  }

  /** Returns {@link TransferFormat#Binary}. */
  @Override
  public TransferFormat transferFormat() {
    return TransferFormat.Binary;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Messages of an unknown type are skipped. When a frame's body is invalid, the position is
   * already past the frame, so the caller may drop it or, as the .NET server does, close the
   * connection; when its length prefix is invalid or over the limit, the position stays at the
   * prefix.
   */
  @Override
  public void parseMessages(ByteBuffer input, MessageLimits limits, List<HubMessage> out)
      throws InvalidMessageException {
    Objects.requireNonNull(input, "input == null");
    Objects.requireNonNull(limits, "limits == null");
    Objects.requireNonNull(out, "out == null");
    BinaryMessageFormat.Frame frame;
    while (input.hasRemaining()
        && (frame = BinaryMessageFormat.findFrame(input, limits.maximumMessageSize())) != null) {
      input.position(frame.end());
      HubMessage message = reader.read(input, frame.bodyStart(), frame.end(), limits);
      if (message != null) {
        out.add(message);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The bytes are a length prefix and one MessagePack array.
   *
   * @throws IllegalArgumentException when a payload value cannot be serialized by the mapper
   */
  @Override
  public byte[] writeMessage(HubMessage message) {
    Objects.requireNonNull(message, "message == null");
    return writer.write(message);
  }
}
