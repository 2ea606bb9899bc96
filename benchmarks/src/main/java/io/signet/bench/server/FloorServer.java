package io.signet.bench.server;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The floor: the bare Jetty 12 beneath Signet, answering the generator's SignalR with the least
 * work a server can do. WebSockets on Jetty's core WebSocket API with frames encoded once per
 * message; negotiate, SSE and long polling on a plain async servlet. It is started the way
 * {@code SignetServer} starts Jetty: the same thread pool settings and one default connector.
 */
final class FloorServer implements BenchServer {
  private final Server server;
  private final ServerConnector connector;
  private final ConcurrentHashMap<String, Object> connections;
  private final FloorHub hub;

  private FloorServer(Server server, ServerConnector connector,
      ConcurrentHashMap<String, Object> connections, FloorHub hub) {
    this.server = server;
    this.connector = connector;
    this.connections = connections;
    this.hub = hub;
  }

  static FloorServer start(String host, int port) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("floor-jetty");
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    FloorHub hub = new FloorHub();
    ConcurrentHashMap<String, Object> connections = new ConcurrentHashMap<>();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(new FloorServlet(hub, connections));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/bench");
    context.addServlet(servlet, "/bench/negotiate");

    WebSocketUpgradeHandler webSockets = new WebSocketUpgradeHandler();
    webSockets.addMapping("/bench", new Negotiator(hub, connections));
    webSockets.setHandler(context);
    server.setHandler(webSockets);
    server.start();
    return new FloorServer(server, connector, connections, hub);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public int connectionCount() {
    return hub.size();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Stopping the floor failed", e);
    }
  }

  /** Accepts every upgrade of {@code /bench}, forgetting the negotiated token. */
  private static final class Negotiator extends WebSocketNegotiator.AbstractNegotiator {
    private final FloorHub hub;
    private final ConcurrentHashMap<String, Object> connections;

    Negotiator(FloorHub hub, ConcurrentHashMap<String, Object> connections) {
      this.hub = hub;
      this.connections = connections;
      // SignalR runs its own keep-alive; Signet also turns the socket idle timeout off.
      setIdleTimeout(Duration.ZERO);
    }

    @Override
    public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response,
        Callback callback) {
      String query = request.getHttpURI().getQuery();
      if (query != null && query.startsWith("id=")) {
        connections.remove(query.substring(3));
      }
      return new FloorWebSocket(hub);
    }
  }
}
