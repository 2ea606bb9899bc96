package io.signet.transport.websocket;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import io.signet.transport.websocket.internal.WebSocketSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WebSockets {@link ServerTransport}: upgrades the hub's HTTP request with
 * {@link ServerContainer#upgradeHttpToWebSocket}, so one servlet serves negotiate and every
 * transport at the same path. Stateless; one instance serves every endpoint.
 */
public final class WebSocketTransport implements ServerTransport {
  private static final Set<TransferFormat> FORMATS = Set.of(TransferFormat.Text, TransferFormat.Binary);

  /** Public for {@link java.util.ServiceLoader}. */
  public WebSocketTransport() {}

  @Override
  public TransportType type() {
    return TransportType.WebSockets;
  }

  @Override
  public Set<TransferFormat> transferFormats() {
    return FORMATS;
  }

  @Override
  public boolean isAvailable(ServletContext context) {
    return container(context) != null;
  }

  @Override
  public void serve(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    ServerContainer container = container(request.getServletContext());
    ServerEndpointConfig config = ServerEndpointConfig.Builder
        .create(WebSocketSession.class, request.getRequestURI())
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new WebSocketSession(connection, handler));
          }

          @Override
          public List<Extension> getNegotiatedExtensions(
              List<Extension> installed, List<Extension> requested) {
            // No permessage-deflate, as ASP.NET Core by default: compressing small hub messages
            // costs more CPU than it saves, and Node's client inflates asynchronously, which can
            // let a socket's close overtake the last messages.
            return List.of();
          }
        })
        .build();
    try {
      container.upgradeHttpToWebSocket(request, response, config, Map.of());
    } catch (DeploymentException | IOException | RuntimeException e) {
      connection.abort(e);
      if (!response.isCommitted()) {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "WebSocket upgrade failed");
      }
    }
  }

  private static ServerContainer container(ServletContext context) {
    Object attribute = context.getAttribute(ServerContainer.class.getName());
    return attribute instanceof ServerContainer container ? container : null;
  }
}
