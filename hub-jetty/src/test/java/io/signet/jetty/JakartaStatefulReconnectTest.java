package io.signet.jetty;

import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;

/** Stateful reconnect on the portable Jakarta WebSocket transport, as Tomcat would run it. */
class JakartaStatefulReconnectTest extends AbstractStatefulReconnectTest {
  @Override
  Signet.Builder transports(Signet.Builder builder) {
    return builder.transports(
        new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
  }
}
