package io.signet.transport.jetty;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import io.signet.transport.jetty.internal.CoreWebSocketSession;
import io.signet.transport.jetty.internal.CoreUpgrade;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The WebSockets {@link ServerTransport} for Jetty 12 (ee10): upgrades the hub's HTTP request
 * through Jetty's core WebSocket API, so one servlet serves negotiate and every transport at the
 * same path, and frames travel as bytes. In any other container it reports itself unavailable and
 * the portable Jakarta WebSocket transport serves instead. Stateless; one instance serves every
 * endpoint.
 */
public final class JettyWebSocketTransport implements ServerTransport {
  private static final Set<TransferFormat> FORMATS = Set.of(TransferFormat.Text, TransferFormat.Binary);
  /** Above the portable transport's 0, so this one serves WebSockets wherever it can. */
  private static final int PRIORITY = 10;

  /** Public for {@link java.util.ServiceLoader}. */
  public JettyWebSocketTransport() {}

  @Override
  public TransportType type() {
    return TransportType.WebSockets;
  }

  @Override
  public Set<TransferFormat> transferFormats() {
    return FORMATS;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public boolean isAvailable(ServletContext context) {
    return CoreUpgrade.isSupported(context);
  }

  @Override
  public void serve(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    CoreWebSocketSession session = new CoreWebSocketSession(connection, handler);
    Throwable failure;
    try {
      failure = CoreUpgrade.upgrade(request, session) ? null
          : new IOException("Not a valid WebSocket upgrade request");
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    if (failure != null) {
      connection.abort(failure);
      if (!response.isCommitted()) {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "WebSocket upgrade failed");
      }
    }
  }
}
