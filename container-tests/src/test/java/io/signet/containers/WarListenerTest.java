package io.signet.containers;

import io.signet.server.Signet;
import java.util.List;

/**
 * Signet deployed as a web application deploys it: Tomcat instantiates {@link SignetListener}
 * from its registration (as from {@code web.xml}), with Tomcat's WebSocket initializer in place
 * as a WAR gets it. Stopping Tomcat calls {@code contextDestroyed}, which closes Signet.
 */
class WarListenerTest extends ContainerContractTest {

  @Override
  boolean logsAbandonedEventStreamsAs500() {
    return true; // Tomcat
  }

  /**
   * Long polling is left out: Tomcat unmaps a stopping context before it destroys its servlets,
   * so a poll sent in between (one follows every answer) gets Tomcat's {@code 404}, which the
   * client takes as an error. A client parked in a poll gets its {@code Close}.
   */
  @Override
  List<String> transportsClosedOnShutdown() {
    return List.of("WebSockets", "ServerSentEvents");
  }

  @Override
  Host start(ResponseLog responses) throws Exception {
    return EmbeddedTomcat.start(responses, true,
        context -> context.addApplicationListener(SignetListener.class.getName()),
        context -> (Signet) context.getServletContext().getAttribute(Signet.class.getName()),
        true);
  }
}
