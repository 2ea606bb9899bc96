package io.signet.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.hub.Hub;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.TransferFormat;
import io.signet.server.Signet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code Signet.install} says about each endpoint, in a container with WebSocket support and
 * in one without.
 */
class EndpointReportTest {
  private static final String LOGGER = "INFO io.signet.server.internal.EndpointReport - ";
  private static final String WARNING = "WARN io.signet.server.internal.EndpointReport - ";

  public static class PlainHub extends Hub {
    public void ping() {}
  }

  @Test
  void aContainerWithWebSocketsGetsOneInfoLinePerEndpointAndNoWarning() {
    String log = install(Map.of(EndpointReport.SERVER_CONTAINER, new Object()));
    assertThat(log).containsOnlyOnce(LOGGER
        + "Hub PlainHub at /plain: transports WebSockets, LongPolling; protocols json\n");
    assertThat(log).containsOnlyOnce(LOGGER
        + "Hub PlainHub at /polling: transports LongPolling; protocols json\n");
    assertThat(log).doesNotContain("WARN");
  }

  @Test
  void aContainerWithoutWebSocketSupportGetsAWarningNamingTheFix() {
    String log = install(Map.of());
    assertThat(log).containsOnlyOnce(LOGGER
        + "Hub PlainHub at /plain: transports LongPolling; protocols json\n");
    assertThat(log).containsOnlyOnce(WARNING + "Hub PlainHub at /plain offers no WebSockets: "
        + "the servlet context has no jakarta.websocket.server.ServerContainer attribute, so the "
        + "container has no WebSocket support for it; clients fall back to Server-Sent Events or "
        + "long polling. Install Signet after the container's Jakarta WebSocket support is set "
        + "up (Tomcat: its WsSci initializer, from tomcat-embed-websocket; Jetty: "
        + "JakartaWebSocketServletContainerInitializer.configure), or leave WebSockets out of "
        + "the hub's transports\n");
    assertThat(log).as("an endpoint without WebSockets enabled is not warned about")
        .doesNotContain("/polling offers no WebSockets");
  }

  @Test
  void aReportWaitsForWebSocketSupportSetUpAfterInstallation() {
    // Spring Boot's Tomcat: Signet installs before Tomcat's WebSocket initializer runs.
    Map<String, Object> attributes = new java.util.HashMap<>();
    List<ServletContextListener> listeners = new java.util.ArrayList<>();
    String log = install(context(attributes, listeners));
    assertThat(log).as("nothing reported before the context started").isEmpty();
    assertThat(listeners).hasSize(1);
    attributes.put(EndpointReport.SERVER_CONTAINER, new Object()); // WsSci ran
    String started = capture(() -> listeners.get(0).contextInitialized(null));
    assertThat(started).containsOnlyOnce(LOGGER
        + "Hub PlainHub at /plain: transports WebSockets, LongPolling; protocols json\n");
    assertThat(started).doesNotContain("WARN");
  }

  /** Installs two endpoints, one of them without WebSockets, and returns what was logged. */
  private static String install(Map<String, Object> attributes) {
    return install(context(attributes));
  }

  /** Installs two endpoints into {@code context} and returns what was logged. */
  private static String install(ServletContext context) {
    Signet signet = Signet.builder()
        .hub("/plain", PlainHub.class)
        .hub("/polling", PlainHub.class)
        .configure("/polling", o -> o.transports(TransportType.LongPolling))
        .transports(new Fake(TransportType.WebSockets), new Fake(TransportType.LongPolling))
        .protocols(new JsonHubProtocol())
        .build();
    try {
      return capture(() -> signet.install(context));
    } finally {
      signet.close();
    }
  }

  /** What {@code action} logs. */
  private static String capture(Runnable action) {
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A servlet context with {@code attributes} that accepts servlets and nothing else. */
  private static ServletContext context(Map<String, Object> attributes) {
    return context(attributes, null);
  }

  /**
   * A servlet context with {@code attributes} that accepts servlets, and listeners into
   * {@code listeners} unless that is {@code null}.
   */
  private static ServletContext context(Map<String, Object> attributes,
      List<ServletContextListener> listeners) {
    ClassLoader loader = EndpointReportTest.class.getClassLoader();
    ServletRegistration.Dynamic registration = (ServletRegistration.Dynamic) Proxy.newProxyInstance(
        loader,
        new Class<?>[] {ServletRegistration.Dynamic.class},
        (proxy, method, args) -> method.getName().equals("addMapping") ? Set.of() : null);
    return (ServletContext) Proxy.newProxyInstance(loader, new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "addServlet" -> registration;
          case "getAttribute" -> attributes.get((String) args[0]);
          case "addListener" -> {
            if (listeners == null) {
              // As Jetty refuses a context listener added from another's contextInitialized.
              throw new IllegalArgumentException("Inappropriate listener class");
            }
            listeners.add((ServletContextListener) args[0]);
            yield null;
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  /** A transport that is available where the container has WebSocket support, if it is one. */
  private record Fake(TransportType type) implements ServerTransport {
    @Override
    public Set<TransferFormat> transferFormats() {
      return Set.of(TransferFormat.Text);
    }

    @Override
    public boolean isAvailable(ServletContext context) {
      return type != TransportType.WebSockets
          || context.getAttribute(EndpointReport.SERVER_CONTAINER) != null;
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response,
        Connection connection, ConnectionHandler handler) {
      throw new UnsupportedOperationException();
    }
  }
}
