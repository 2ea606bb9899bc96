package io.signet.containers;

/**
 * Signet in a hand-built Jetty 12 with {@code hub-transport-jetty-websocket} on the class path:
 * found with {@code ServiceLoader}, Jetty's native WebSocket transport serves WebSockets.
 */
class JettyTest extends ContainerContractTest {

  @Override
  Host start(ResponseLog responses) throws Exception {
    return HandBuiltJetty.start(responses, Host.signetBuilder().build());
  }

  @Override
  boolean logsRequestsCutOffByStopAsBadRequest() {
    return true;
  }
}
