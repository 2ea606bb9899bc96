package io.signet.jetty;

import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;

/** The portable Jakarta WebSocket transport, as Tomcat or Undertow would run it, here on Jetty. */
class JakartaWebSocketTransportTest extends AbstractWebSocketTransportTest {
  @Override
  Signet.Builder transports(Signet.Builder builder) {
    return builder.transports(
        new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
  }
}
