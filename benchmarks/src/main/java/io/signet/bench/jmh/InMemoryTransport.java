package io.signet.bench.jmh;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.protocol.TransferFormat;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Signet transport without sockets, for microbenchmarks: it plugs into the public
 * {@link ServerTransport} SPI as a WebSockets transport, attaches a {@link MemorySink} to the
 * connection and hands the connection to the benchmark, which feeds it bytes directly.
 *
 * <p>{@link InMemorySignet} names it with {@code Signet.Builder.transports}, so it serves there
 * and nowhere else; it is also inert unless the servlet context holds a {@link Registry} under
 * {@link #ATTRIBUTE}.
 */
public final class InMemoryTransport implements ServerTransport {
  /** The context attribute that enables the transport. */
  public static final String ATTRIBUTE = InMemoryTransport.class.getName();

  /** Where served connections go, by connection token. */
  public static final class Registry {
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();

    /** The connection with {@code token} and its sink, or {@code null}. */
    public Attached get(String token) {
      return attached.get(token);
    }
  }

  /** A connection this transport serves, and its sink. */
  public record Attached(Connection connection, MemorySink sink) {}

  public InMemoryTransport() {}

  @Override
  public TransportType type() {
    return TransportType.WebSockets;
  }

  @Override
  public Set<TransferFormat> transferFormats() {
    return Set.of(TransferFormat.Text, TransferFormat.Binary);
  }

  @Override
  public boolean isAvailable(ServletContext context) {
    return context.getAttribute(ATTRIBUTE) instanceof Registry;
  }

  @Override
  public void serve(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) {
    Registry registry = (Registry) request.getServletContext().getAttribute(ATTRIBUTE);
    MemorySink sink = new MemorySink();
    registry.attached.put(connection.token(), new Attached(connection, sink));
    connection.attach(sink, handler);
    response.setStatus(200);
    response.setContentLength(0);
  }
}
