package io.signet.transport.sse;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import io.signet.transport.sse.internal.EventStream;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The Server-Sent Events {@link ServerTransport}. Advertised with the {@code Text} format only:
 * clients never use it for MessagePack. Stateless; one instance serves every endpoint.
 */
public final class ServerSentEventsTransport implements ServerTransport {

  /** Public for {@link java.util.ServiceLoader}. */
  public ServerSentEventsTransport() {}

  @Override
  public TransportType type() {
    return TransportType.ServerSentEvents;
  }

  @Override
  public Set<TransferFormat> transferFormats() {
    return Set.of(TransferFormat.Text);
  }

  @Override
  public boolean isAvailable(ServletContext context) {
    return true; // any Servlet 6 container has the async API
  }

  @Override
  public void serve(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    EventStream.open(request, response, connection, handler);
  }
}
