package io.signet.containers;

import java.util.List;

/**
 * Signet in embedded Tomcat 11 whose context lacks Tomcat's WebSocket initializer, a mistake
 * easily made when embedding: there is no {@code ServerContainer} to upgrade with, so negotiate
 * offers Server-Sent Events and long polling only, and both serve.
 */
class TomcatWithoutWebSocketsTest extends TomcatTest {

  @Override
  boolean webSockets() {
    return false;
  }

  @Override
  List<String> transports() {
    return List.of("ServerSentEvents", "LongPolling");
  }
}
