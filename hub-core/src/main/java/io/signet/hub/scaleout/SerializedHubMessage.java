package io.signet.hub.scaleout;

import io.signet.connection.OutboundPayload;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import java.util.Objects;

/**
 * A message on its way to many connections, serialised at most once per protocol and shared by
 * every recipient. Made from a message ({@link #of}), it serialises on first use per protocol;
 * made from bytes another node serialised ({@link #ofPayload}), it carries them as they are.
 * Thread-safe.
 *
 * <p>Every recipient asks for its payload, so the common case (the protocol serialised first,
 * usually the only one) is a volatile read of an immutable pair; only serialising takes the lock.
 */
public final class SerializedHubMessage {
  private final HubMessage message; // null when made from bytes
  private volatile Serialized first; // written once, under this
  private Serialized second; // guarded by this

  private SerializedHubMessage(HubMessage message, Serialized first) {
    this.message = message;
    this.first = first;
  }

  /** A message to serialise on first use, once per protocol. */
  public static SerializedHubMessage of(HubMessage message) {
    return new SerializedHubMessage(Objects.requireNonNull(message, "message == null"), null);
  }

  /**
   * A message already serialised with {@code protocol} (one or more records, framed as the
   * protocol frames them); connections speaking another protocol cannot receive it.
   */
  public static SerializedHubMessage ofPayload(HubProtocol protocol, byte[] bytes) {
    Objects.requireNonNull(protocol, "protocol == null");
    return new SerializedHubMessage(null,
        new Serialized(protocol, new OutboundPayload(Objects.requireNonNull(bytes, "bytes == null"))));
  }

  /** The message, or {@code null} when this was made from bytes. */
  public HubMessage message() {
    return message;
  }

  /**
   * The payload for connections speaking {@code protocol}.
   *
   * @throws IllegalStateException when made from bytes of another protocol
   * @throws RuntimeException when the message cannot be serialised
   */
  public OutboundPayload payload(HubProtocol protocol) {
    Serialized known = first;
    if (known != null && known.protocol() == protocol) {
      return known.payload();
    }
    return serialise(protocol);
  }

  private synchronized OutboundPayload serialise(HubProtocol protocol) {
    Serialized known = first;
    if (known != null && known.protocol() == protocol) {
      return known.payload(); // serialised by a racing recipient
    }
    if (second != null && second.protocol() == protocol) {
      return second.payload();
    }
    if (message == null) {
      throw new IllegalStateException("This message was received in the '"
          + known.protocol().name() + "' protocol only, not in '" + protocol.name() + "'");
    }
    Serialized made = new Serialized(protocol, new OutboundPayload(protocol.writeMessage(message)));
    if (known == null) {
      first = made;
    } else if (second == null) {
      second = made;
    }
    return made.payload();
  }

  private record Serialized(HubProtocol protocol, OutboundPayload payload) {}
}
