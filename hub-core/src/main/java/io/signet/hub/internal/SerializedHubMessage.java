package io.signet.hub.internal;

import io.signet.connection.OutboundPayload;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;

/**
 * A message on its way to many connections, serialised at most once per protocol and shared by
 * every recipient. Thread-safe.
 *
 * <p>Every recipient asks for its payload, so the common case (the protocol serialised first,
 * usually the only one) is a volatile read of an immutable pair; only serialising takes the lock.
 */
final class SerializedHubMessage {
  private final HubMessage message;
  private volatile Serialized first; // written once, under this
  private Serialized second; // guarded by this

  SerializedHubMessage(HubMessage message) {
    this.message = message;
  }

  HubMessage message() {
    return message;
  }

  OutboundPayload payload(HubProtocol protocol) {
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
