package io.signet.transport.jetty.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/** The calls into Jetty behind {@link CoreUpgrade}; loaded only once Jetty is known present. */
final class JettyCore {
  private static final Handshaker HANDSHAKER = Handshaker.newInstance();

  private JettyCore() {}

  static boolean isJettyContext(ServletContext context) {
    return context instanceof ServletContextHandler.ServletContextApi;
  }

  static boolean upgrade(HttpServletRequest request, CoreWebSocketSession session)
      throws IOException {
    ServletContextRequest base = ServletContextRequest.getServletContextRequest(request);
    if (base == null) {
      throw new IllegalStateException("Not a request of a Jetty ee10 servlet context");
    }
    WebSocketComponents components = WebSocketServerComponents.ensureWebSocketComponents(
        base.getConnectionMetaData().getConnector().getServer(),
        base.getServletContext().getServletContextHandler());
    ConnectionMetaData socket = base.getConnectionMetaData();
    if (socket.getHttpVersion() == HttpVersion.HTTP_1_1) {
      // Upgraded in place: the socket becomes the WebSocket's own.
      session.offerSocket(socket.getConnection().getEndPoint());
    }
    FutureCallback written = new FutureCallback();
    if (!HANDSHAKER.upgradeRequest(new Negotiator(session), base,
        base.getServletContextResponse(), written, components, null)) {
      return false;
    }
    // The 101 response is small; Jetty's Jakarta container waits for it the same way.
    written.block();
    return true;
  }

  /** Accepts the upgrade with {@code session}, the one this request was negotiated for. */
  private record Negotiator(FrameHandler session) implements WebSocketNegotiator {
    @Override
    public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response,
        Callback callback) {
      // No permessage-deflate, as ASP.NET Core by default: compressing small hub messages costs
      // more CPU than it saves, and Node's client inflates asynchronously, which can let a
      // socket's close overtake the last messages.
      response.setExtensions(List.of());
      return session;
    }

    @Override
    public void customize(Configuration configuration) {
      // SignalR runs its own keep-alive and timeouts; Jetty must not close idle sockets.
      configuration.setIdleTimeout(Duration.ZERO);
    }
  }
}
