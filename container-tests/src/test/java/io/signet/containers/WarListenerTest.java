package io.signet.containers;

import io.signet.server.Signet;

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
   * Long polling included: Tomcat takes a stopping context out of its mapper first, then waits up
   * to its {@code unloadDelay} (2 s) for requests in progress (event streams, parked polls), then
   * destroys the servlets. The hub servlet's {@code destroy}, the first the application hears of
   * the stop, answers each parked poll with the {@code Close}; a poll sent after the unmapping
   * gets Tomcat's {@code 404}, which the client takes as an error, and no Servlet API callback
   * comes earlier. So {@link SignetListener} keeps polls parked longer than that wait, and the
   * test waits for the client's first poll to arrive before it stops the context, as a client
   * between polls only briefly (the default timeout is 90 s) almost always is.
   */
  @Override
  boolean shutsDownWhilePolling() {
    return true;
  }

  @Override
  Host start(ResponseLog responses) throws Exception {
    return EmbeddedTomcat.start(responses, true,
        context -> context.addApplicationListener(SignetListener.class.getName()),
        context -> (Signet) context.getServletContext().getAttribute(Signet.class.getName()),
        true);
  }
}
