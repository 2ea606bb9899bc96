package io.signet.client;

import java.net.URI;
import java.util.Objects;

/**
 * A transport that connected, and what the connection needs to know about it.
 *
 * @param transport the connected transport
 * @param type which transport it is
 * @param connectionId the connection's id from negotiate; {@code null} when negotiate was
 *     skipped, as in the JavaScript client
 * @param connectUrl the URL the transport connected to, with its {@code id}: a stateful reconnect
 *     opens a new WebSocket to the same one
 * @param statefulReconnect whether the server agreed to stateful reconnect and the transport is
 *     WebSockets, the only one it applies to
 */
record ConnectedTransport(ClientTransport transport, TransportType type, String connectionId,
    URI connectUrl, boolean statefulReconnect) {
  /** Checks the components. */
  ConnectedTransport {
    Objects.requireNonNull(transport, "transport == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(connectUrl, "connectUrl == null");
  }
}
