package io.signet.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Signet in embedded Tomcat 11 whose context lacks Tomcat's WebSocket initializer, a mistake
 * easily made when embedding: there is no {@code ServerContainer} to upgrade with, so negotiate
 * offers Server-Sent Events and long polling only, and both serve. Signet warns of it, naming
 * the fix.
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

  @Override
  void assertStartupWarnings(List<String> warnings) {
    assertThat(warnings).singleElement().asString()
        .startsWith("WARNING io.signet.server.internal.EndpointReport: Hub ContainerHub at "
            + "/containerhub offers no WebSockets: the servlet context has no "
            + "jakarta.websocket.server.ServerContainer attribute")
        .contains("Install Signet after the container's Jakarta WebSocket support is set up "
            + "(Tomcat: its WsSci initializer, from tomcat-embed-websocket;");
  }
}
