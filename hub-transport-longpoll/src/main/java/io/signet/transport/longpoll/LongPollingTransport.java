package io.signet.transport.longpoll;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportSink;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import io.signet.transport.longpoll.internal.PollQueue;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The long-polling {@link ServerTransport}. The first poll of a connection is answered at once and
 * starts the hub session; later polls wait up to the poll timeout for data. Stateless; one
 * instance serves every endpoint.
 */
public final class LongPollingTransport implements ServerTransport {

  /** Public for {@link java.util.ServiceLoader}. */
  public LongPollingTransport() {}

  @Override
  public TransportType type() {
    return TransportType.LongPolling;
  }

  @Override
  public Set<TransferFormat> transferFormats() {
    return Set.of(TransferFormat.Text, TransferFormat.Binary);
  }

  @Override
  public boolean isAvailable(ServletContext context) {
    return true; // any Servlet 6 container has the async API
  }

  @Override
  public boolean servesRepeatedRequests() {
    return true;
  }

  @Override
  public void serve(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    TransportSink sink = connection.transportSink();
    if (sink instanceof PollQueue queue) {
      queue.poll(request, response);
    } else {
      PollQueue.first(request, response, connection, handler);
    }
  }
}
