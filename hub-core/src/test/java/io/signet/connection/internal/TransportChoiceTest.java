package io.signet.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.RequestAuthenticator;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which transport serves each type when several are installed. */
class TransportChoiceTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private HttpConnectionDispatcher dispatcher(ServerTransport... transports) {
    ConnectionRegistry registry = new ConnectionRegistry(ConnectionOptions.DEFAULTS, timer);
    return new HttpConnectionDispatcher(registry, List.of(transports),
        connection -> null, RequestAuthenticator.CONTAINER, false);
  }

  @Test
  void offersOneTransportPerTypeInTypeOrderPreferringTheHighestPriority() {
    Fake portable = new Fake(TransportType.WebSockets, 0, true);
    Fake jetty = new Fake(TransportType.WebSockets, 10, true);
    Fake longPolling = new Fake(TransportType.LongPolling, 0, true);
    Fake sse = new Fake(TransportType.ServerSentEvents, 0, true);

    assertThat(dispatcher(longPolling, portable, sse, jetty).available(null))
        .containsExactly(jetty, sse, longPolling);
  }

  @Test
  void fallsBackToALowerPriorityWhereTheHigherOneIsUnavailable() {
    Fake portable = new Fake(TransportType.WebSockets, 0, true);
    Fake unavailable = new Fake(TransportType.WebSockets, 10, false);

    assertThat(dispatcher(unavailable, portable).available(null)).containsExactly(portable);
  }

  /** A transport that only answers which it is; nothing here serves requests. */
  private record Fake(TransportType type, int priority, boolean available)
      implements ServerTransport {
    @Override
    public Set<TransferFormat> transferFormats() {
      return Set.of(TransferFormat.Text);
    }

    @Override
    public boolean isAvailable(ServletContext context) {
      return available;
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response,
        Connection connection, ConnectionHandler handler) {
      throw new UnsupportedOperationException();
    }
  }
}
