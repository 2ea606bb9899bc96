package io.signet.jetty;

import io.signet.server.Signet;

/** Stateful reconnect on Jetty's native WebSocket transport, which Signet picks on Jetty. */
class JettyStatefulReconnectTest extends AbstractStatefulReconnectTest {
  @Override
  Signet.Builder transports(Signet.Builder builder) {
    return builder; // ServiceLoader: both WebSocket transports are on the class path
  }
}
