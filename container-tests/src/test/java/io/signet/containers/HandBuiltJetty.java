package io.signet.containers;

import io.signet.server.Signet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12 put together by hand, as an application that runs its own Jetty does (not Signet's
 * {@code SignetServer}): a {@link Server}, an ee10 {@link ServletContextHandler}, and Jetty's
 * Jakarta WebSocket initializer, which installs Signet once the context's WebSocket container
 * exists.
 */
final class HandBuiltJetty {
  private HandBuiltJetty() {}

  static Host start(ResponseLog responses, Signet signet) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(context,
        (servletContext, container) -> signet.install(servletContext));
    server.setHandler(context);
    server.setRequestLog((request, response) -> responses.record(request.getMethod(),
        request.getHttpURI().getPath(), request.getHeaders().get("Accept"),
        response.getStatus()));
    server.start();
    return new Host(connector.getLocalPort(), () -> signet, server::stop, false);
  }
}
