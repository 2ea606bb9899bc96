package io.signet.hub.scaleout;

import io.signet.connection.OutboundPayload;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message on its way to many connections, serialised at most once per protocol and shared by
 * every recipient. Made from a message ({@link #of}), it serialises on first use per protocol;
 * made from bytes another node serialised ({@link #ofPayload}, {@link #ofPayloads}), it carries
 * them as they are. Thread-safe.
 *
 * <p>Every recipient asks for its payload, so the common case (the protocol serialised first,
 * usually the only one) is a volatile read of an immutable pair; only the others take the lock.
 */
public final class SerializedHubMessage {
  private final HubMessage message; // null when made from bytes
  private volatile Serialized first; // written once, under this
  private final List<Serialized> others = new ArrayList<>(1); // guarded by this

  private SerializedHubMessage(HubMessage message) {
    this.message = message;
  }

  /**
   * A message to serialise on first use, once per protocol.
   *
   * @param message the message
   * @return the message, not yet serialised
   */
  public static SerializedHubMessage of(HubMessage message) {
    return new SerializedHubMessage(Objects.requireNonNull(message, "message == null"));
  }

  /**
   * A message already serialised with {@code protocol} (one or more records, framed as the
   * protocol frames them); connections speaking another protocol cannot receive it.
   *
   * @param protocol the protocol that wrote them
   * @param bytes the serialised records
   * @return the message
   */
  public static SerializedHubMessage ofPayload(HubProtocol protocol, byte[] bytes) {
    return ofPayloads(Map.of(Objects.requireNonNull(protocol, "protocol == null"),
        Objects.requireNonNull(bytes, "bytes == null")));
  }

  /**
   * A message already serialised with each protocol of {@code payloads}, as another node sends
   * it to nodes whose connections may speak any of them. The first is served fastest: put the
   * protocol most recipients speak first.
   *
   * @param payloads the bytes of each protocol, in order of preference
   * @throws IllegalArgumentException if {@code payloads} is empty
   * @return the message
   */
  public static SerializedHubMessage ofPayloads(Map<HubProtocol, byte[]> payloads) {
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("no payload");
    }
    SerializedHubMessage made = new SerializedHubMessage(null);
    synchronized (made) {
      for (Map.Entry<HubProtocol, byte[]> entry : payloads.entrySet()) {
        Serialized serialized = new Serialized(Objects.requireNonNull(entry.getKey()),
            new OutboundPayload(Objects.requireNonNull(entry.getValue())));
        if (made.first == null) {
          made.first = serialized;
        } else {
          made.others.add(serialized);
        }
      }
    }
    return made;
  }

  /** {@return the message, or {@code null} when this was made from bytes} */
  public HubMessage message() {
    return message;
  }

  /**
   * The payload for connections speaking {@code protocol}.
   *
   * @param protocol the connections' protocol
   * @throws IllegalStateException when made from bytes of other protocols only
   * @throws RuntimeException when the message cannot be serialised
   * @return the serialised message, framed
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
    for (Serialized other : others) {
      if (other.protocol() == protocol) {
        return other.payload();
      }
    }
    if (message == null) {
      throw new IllegalStateException("This message was received in the '"
          + known.protocol().name() + "' protocol only, not in '" + protocol.name() + "'");
    }
    Serialized made = new Serialized(protocol, new OutboundPayload(protocol.writeMessage(message)));
    if (known == null) {
      first = made;
    } else {
      others.add(made);
    }
    return made.payload();
  }

  private record Serialized(HubProtocol protocol, OutboundPayload payload) {}
}
