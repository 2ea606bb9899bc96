package io.signet.containers;

import io.signet.server.Signet;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.catalina.AccessLog;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 with one root context, as an application embeds it. */
final class EmbeddedTomcat {
  private EmbeddedTomcat() {}

  /**
   * Starts Tomcat on a free loopback port.
   *
   * @param webSockets whether the context gets Tomcat's WebSocket initializer ({@link WsSci}),
   *     which a WAR gets from Tomcat's class-path scan and an embedded context only when added
   * @param deploy puts Signet into the context (an initializer, or a listener)
   * @param signet finds the installed Signet once the context started
   * @param listenerClosesSignet whether stopping the context closes Signet
   */
  static Host start(ResponseLog responses, boolean webSockets, Consumer<Context> deploy,
      Function<Context, Signet> signet, boolean listenerClosesSignet)
      throws IOException, LifecycleException {
    Path base = Files.createTempDirectory(Path.of("target"), "tomcat-");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    StandardContext context =
        (StandardContext) tomcat.addContext("", base.toAbsolutePath().toString());
    // Leak checks that need --add-opens only warn that they cannot run, at every stop.
    context.setClearReferencesRmiTargets(false);
    context.setClearReferencesThreadLocals(false);
    if (webSockets) {
      // Before Signet's own initializer: Signet offers WebSockets only where the context has a
      // ServerContainer when it installs.
      context.addServletContainerInitializer(new WsSci(), null);
    }
    deploy.accept(context);
    tomcat.getEngine().getPipeline().addValve(new StatusValve(responses));
    tomcat.start();
    return new Host(connector.getLocalPort(), () -> signet.apply(context), () -> {
      // The web application stops first, as when it is undeployed: Tomcat's own stop pauses its
      // connectors before it stops the applications, so that nothing (a long poll's next
      // request, say) could reach a contextDestroyed that says goodbye.
      context.stop();
      tomcat.stop();
      tomcat.destroy();
    }, listenerClosesSignet);
  }

  /** Hands every completed response to a {@link ResponseLog}, as Tomcat's access log sees it. */
  static final class StatusValve extends ValveBase implements AccessLog {
    private final ResponseLog responses;

    StatusValve(ResponseLog responses) {
      super(true);
      this.responses = responses;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
      if (isPoll(request)) {
        responses.pollStarted();
      }
      getNext().invoke(request, response);
    }

    /** A long poll: a GET for a connection that is neither an event stream nor an upgrade. */
    private static boolean isPoll(Request request) {
      return request.getMethod().equals("GET") && request.getParameter("id") != null
          && !"text/event-stream".equals(request.getHeader("Accept"))
          && request.getHeader("Upgrade") == null;
    }

    @Override
    public void log(Request request, Response response, long time) {
      if (isPoll(request)) {
        responses.pollEnded();
      }
      // Tomcat keeps the I/O error that failed an asynchronous request here.
      boolean peerGone =
          request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof IOException;
      responses.record(request.getMethod(), request.getRequestURI(), request.getHeader("Accept"),
          response.getStatus(), peerGone);
    }

    @Override
    public void setRequestAttributesEnabled(boolean enabled) {}

    @Override
    public boolean getRequestAttributesEnabled() {
      return false;
    }
  }
}
