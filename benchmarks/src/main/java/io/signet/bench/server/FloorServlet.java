package io.signet.bench.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor's HTTP side: negotiate (for every transport), and the SSE and long-polling transports
 * on the Servlet async API. WebSocket upgrades never reach it: Jetty's core upgrade handler in
 * front of it takes them.
 */
final class FloorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Object NEGOTIATED = new Object();
  private static final String TRANSPORTS = "\"availableTransports\":["
      + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
      + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]},"
      + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]}";

  private final transient FloorHub hub;
  /** Negotiated tokens, then the HTTP peer that serves each; WebSockets take theirs out. */
  private final transient ConcurrentHashMap<String, Object> connections;
  private final AtomicLong ids = new AtomicLong();

  FloorServlet(FloorHub hub, ConcurrentHashMap<String, Object> connections) {
    this.hub = hub;
    this.connections = connections;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getRequestURI().endsWith("/negotiate")) {
      negotiate(response);
      return;
    }
    byte[] body = request.getInputStream().readAllBytes();
    Object peer = connections.get(String.valueOf(request.getParameter("id")));
    if (!(peer instanceof FloorHttpPeer httpPeer)) {
      response.sendError(404);
      return;
    }
    httpPeer.received(ByteBuffer.wrap(body));
    response.setContentLength(0);
  }

  private void negotiate(HttpServletResponse response) throws IOException {
    String token = Long.toString(ids.incrementAndGet(), 36);
    connections.put(token, NEGOTIATED);
    byte[] body = ("{\"negotiateVersion\":1,\"connectionId\":\"" + token
        + "\",\"connectionToken\":\"" + token + "\"," + TRANSPORTS)
        .getBytes(StandardCharsets.US_ASCII);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String token = String.valueOf(request.getParameter("id"));
    Object known = connections.get(token);
    if (known == null) {
      response.sendError(404);
      return;
    }
    String accept = request.getHeader("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      openEventStream(request, response, token);
      return;
    }
    FloorHttpPeer.LongPoll peer;
    if (known instanceof FloorHttpPeer.LongPoll existing) {
      peer = existing;
    } else {
      peer = new FloorHttpPeer.LongPoll(hub);
      connections.put(token, peer);
    }
    peer.poll(request, response);
  }

  private void openEventStream(HttpServletRequest request, HttpServletResponse response,
      String token) throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache,no-store");
    ServletOutputStream out = response.getOutputStream();
    FloorHttpPeer.Sse peer = new FloorHttpPeer.Sse(hub, async, out);
    synchronized (peer) {
      connections.put(token, peer);
      out.write(":\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
    Object peer = connections.remove(String.valueOf(request.getParameter("id")));
    if (peer instanceof FloorPeer floorPeer) {
      hub.disconnected(floorPeer);
    }
    response.setStatus(202);
  }
}
