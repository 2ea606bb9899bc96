package io.signet.server.internal;

import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.HubProtocol;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what an endpoint serves once it is installed: one INFO line with its path, the transports
 * negotiate will offer in this container and the hub protocols; and a WARN naming the fix when
 * WebSocket transports are enabled but the container cannot run them, which would otherwise only
 * show as clients falling back to Server-Sent Events or long polling.
 */
public final class EndpointReport {
  private static final Logger log = LoggerFactory.getLogger(EndpointReport.class);
  /** The attribute a Jakarta WebSocket container puts in each servlet context it serves. */
  static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

  private EndpointReport() {}

  /**
   * Runs {@code report} once the container's WebSocket support can be judged: now, if the
   * context has its {@code ServerContainer} already, else when the context has started (a
   * listener's {@code contextInitialized}, which runs after every initializer, such as Tomcat's
   * WebSocket one that Spring Boot adds after its own), else now, where the context takes no
   * listener any more.
   */
  public static void whenStarted(ServletContext context, Runnable report) {
    if (context.getAttribute(SERVER_CONTAINER) == null) {
      try {
        context.addListener(new ServletContextListener() {
          @Override
          public void contextInitialized(ServletContextEvent event) {
            report.run();
          }
        });
        return;
      } catch (IllegalStateException | IllegalArgumentException
          | UnsupportedOperationException tooLate) {
        // Installed from a listener's contextInitialized, where a context takes no more context
        // listeners (Jetty: IllegalArgumentException; the Servlet spec: the other two): the
        // container is as set up as it gets.
      }
    }
    report.run();
  }

  /**
   * Reports one installed endpoint.
   *
   * @param enabled the transports the endpoint allows
   * @param offered those of them the container can run, as negotiate offers them
   */
  public static void installed(ServletContext context, String path, Class<?> hubClass,
      List<ServerTransport> enabled, List<ServerTransport> offered, List<HubProtocol> protocols) {
    log.info("Hub {} at {}: transports {}; protocols {}", hubClass.getSimpleName(), path,
        offered.isEmpty() ? "none" : offered.stream()
            .map(transport -> transport.type().name()).collect(Collectors.joining(", ")),
        protocols.stream().map(HubProtocol::name).collect(Collectors.joining(", ")));
    boolean webSocketsEnabled = enabled.stream().anyMatch(EndpointReport::isWebSockets);
    boolean webSocketsOffered = offered.stream().anyMatch(EndpointReport::isWebSockets);
    if (webSocketsEnabled && !webSocketsOffered) {
      log.warn("Hub {} at {} offers no WebSockets: {}; clients fall back to Server-Sent Events "
          + "or long polling. Install Signet after the container's Jakarta WebSocket support is "
          + "set up (Tomcat: its WsSci initializer, from tomcat-embed-websocket; Jetty: "
          + "JakartaWebSocketServletContainerInitializer.configure), or leave WebSockets out of "
          + "the hub's transports", hubClass.getSimpleName(), path, why(context));
    }
  }

  private static boolean isWebSockets(ServerTransport transport) {
    return transport.type() == TransportType.WebSockets;
  }

  private static String why(ServletContext context) {
    return context.getAttribute(SERVER_CONTAINER) == null
        ? "the servlet context has no " + SERVER_CONTAINER + " attribute, so the container has "
            + "no WebSocket support for it"
        : "its WebSocket transports report themselves unavailable in this container";
  }
}
