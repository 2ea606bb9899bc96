package io.signet.hub.internal;

import io.signet.connection.OutboundPayload;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;

/**
 * A message on its way to many connections, serialised at most once per protocol and shared by
 * every recipient. Thread-safe.
 */
final class SerializedHubMessage {
  private final HubMessage message;
  // The common case is one protocol; guarded by this.
  private HubProtocol firstProtocol;
  private OutboundPayload firstPayload;
  private HubProtocol secondProtocol;
  private OutboundPayload secondPayload;

  SerializedHubMessage(HubMessage message) {
    this.message = message;
  }

  HubMessage message() {
    return message;
  }

  synchronized OutboundPayload payload(HubProtocol protocol) {
    if (protocol == firstProtocol) {
      return firstPayload;
    }
    if (protocol == secondProtocol) {
      return secondPayload;
    }
    OutboundPayload payload = new OutboundPayload(protocol.writeMessage(message));
    if (firstProtocol == null) {
      firstProtocol = protocol;
      firstPayload = payload;
    } else if (secondProtocol == null) {
      secondProtocol = protocol;
      secondPayload = payload;
    }
    return payload;
  }
}
