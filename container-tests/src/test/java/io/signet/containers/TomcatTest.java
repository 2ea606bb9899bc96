package io.signet.containers;

import io.signet.server.Signet;

/** Signet in embedded Tomcat 11 with Tomcat's WebSocket support, installed by an initializer. */
class TomcatTest extends ContainerContractTest {

  /** Whether the context gets Tomcat's WebSocket initializer. */
  boolean webSockets() {
    return true;
  }

  @Override
  boolean logsAbandonedEventStreamsAs500() {
    return true;
  }

  @Override
  Host start(ResponseLog responses) throws Exception {
    Signet signet = Host.signetBuilder().build();
    return EmbeddedTomcat.start(responses, webSockets(),
        context -> context.addServletContainerInitializer(
            (classes, servletContext) -> signet.install(servletContext), null),
        context -> signet, false);
  }
}
