package io.signet.containers;

import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;

/**
 * Signet in a hand-built Jetty 12 without {@code hub-transport-jetty-websocket}: the transports
 * are named, leaving Jetty's native one out as an application without that module has it, so the
 * portable Jakarta WebSocket transport serves WebSockets through Jetty's Jakarta container.
 */
class JettyJakartaWebSocketTest extends ContainerContractTest {

  @Override
  Host start(ResponseLog responses) throws Exception {
    return HandBuiltJetty.start(responses, Host.signetBuilder()
        .transports(new WebSocketTransport(), new ServerSentEventsTransport(),
            new LongPollingTransport())
        .build());
  }

  @Override
  boolean logsRequestsCutOffByStopAsBadRequest() {
    return true;
  }
}
