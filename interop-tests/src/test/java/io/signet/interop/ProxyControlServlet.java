package io.signet.interop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code js/stateful-reconnect.mjs} asks of the test, over plain HTTP to the server (not
 * through the proxy): {@code POST /control/cut}, {@code /control/hold}, {@code /control/release}
 * and {@code /control/retarget} (new connections to the other node, with two) drive the
 * {@link TcpProxy}; {@code GET /control/events?id=} lists a connection's
 * {@link StatefulHub} events as a JSON array, and {@code GET /control/await-disconnected?id=}
 * does so once it was disconnected (or after 30 s).
 */
final class ProxyControlServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient TcpProxy proxy;
  private final int otherNodePort; // 0 with one node

  ProxyControlServlet(TcpProxy proxy) {
    this(proxy, 0);
  }

  /** @param otherNodePort the port {@code /control/retarget} sends new connections to */
  ProxyControlServlet(TcpProxy proxy, int otherNodePort) {
    this.proxy = proxy;
    this.otherNodePort = otherNodePort;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getPathInfo()) {
      case "/cut" -> answer(response, Integer.toString(proxy.cutAll()));
      case "/hold" -> {
        proxy.hold();
        answer(response, "held");
      }
      case "/release" -> {
        proxy.release();
        answer(response, "released");
      }
      case "/retarget" -> {
        if (otherNodePort == 0) {
          response.sendError(HttpServletResponse.SC_CONFLICT, "there is no other node");
          return;
        }
        proxy.retarget(otherNodePort);
        answer(response, "retargeted");
      }
      default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = request.getParameter("id");
    List<String> events;
    switch (request.getPathInfo()) {
      case "/events" -> events = StatefulHub.events(id);
      case "/await-disconnected" -> {
        try {
          // A test servlet may block its container thread; an application would not.
          events = StatefulHub.awaitDisconnected(id, 30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      default -> {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
    }
    answer(response, events.stream().map(e -> "\"" + e + "\"")
        .collect(Collectors.joining(",", "[", "]")));
  }

  private static void answer(HttpServletResponse response, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
