package io.signet.client;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubOptions;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Signet on Jetty on 127.0.0.1 and a free port, serving {@link EchoHub} at {@code /echo}, with a
 * filter in front that records every request to the hub (the WebSocket upgrade included) and can
 * refuse WebSocket upgrades.
 */
final class TestHubServer implements AutoCloseable {

  /** The hub the tests talk to. */
  @HubEndpoint("/echo")
  public static class EchoHub extends Hub {
    /** {@return {@code text}} */
    public String echo(String text) {
      return text;
    }
  }

  /** One request as the server saw it. */
  record SeenRequest(String method, String pathAndQuery, Map<String, String> headers) {
    /** {@return the header's first value, {@code null} if absent} */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean isUpgrade() {
      return "websocket".equalsIgnoreCase(header("Upgrade"));
    }

    boolean isNegotiate() {
      return method.equals("POST") && pathAndQuery.startsWith("/echo/negotiate");
    }
  }

  private final List<SeenRequest> requests = new CopyOnWriteArrayList<>();
  private volatile boolean refuseWebSockets;
  private final Signet signet;
  private final SignetServer server;

  private TestHubServer(Consumer<HubOptions.Builder> options) {
    signet = Signet.builder().hub(EchoHub.class).options(options).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .filter("/*", new Recorder()).start();
  }

  /** Starts a server with the default hub options. */
  static TestHubServer start() {
    return start(options -> { });
  }

  /** Starts a server with hub options adjusted by {@code options}. */
  static TestHubServer start(Consumer<HubOptions.Builder> options) {
    return new TestHubServer(options);
  }

  /** {@return the hub's URL} */
  URI hubUrl() {
    return URI.create("http://127.0.0.1:" + server.port() + "/echo");
  }

  /** From now on, WebSocket upgrades to the hub get {@code 403}. */
  void refuseWebSockets() {
    refuseWebSockets = true;
  }

  /** {@return the requests to the hub so far, in arrival order} */
  List<SeenRequest> requests() {
    return List.copyOf(requests);
  }

  /** Closes Signet (clients get a {@code Close}), leaving Jetty running. */
  void closeSignet() {
    signet.close();
  }

  @Override
  public void close() {
    server.close();
  }

  /** The filter: records, and refuses upgrades when told to. */
  private final class Recorder implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      if (http.getRequestURI().startsWith("/echo")) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : Collections.list(http.getHeaderNames())) {
          headers.put(name.toLowerCase(Locale.ROOT), http.getHeader(name));
        }
        String query = http.getQueryString();
        SeenRequest seen = new SeenRequest(http.getMethod(),
            http.getRequestURI() + (query == null ? "" : "?" + query), headers);
        requests.add(seen);
        if (refuseWebSockets && seen.isUpgrade()) {
          ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN);
          return;
        }
      }
      chain.doFilter(request, response);
    }
  }
}
