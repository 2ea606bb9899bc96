package io.signet.bench.jmh;

import io.signet.bench.server.BenchHub;
import io.signet.hub.HubContext;
import io.signet.observe.SignetObserver;
import io.signet.server.Signet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

/**
 * Signet serving {@link BenchHub} with no socket anywhere: Jetty with only a
 * {@link LocalConnector} carries negotiate and the transport request in memory, and
 * {@link InMemoryTransport} attaches each connection to a {@link MemorySink}. After that, a
 * benchmark talks to a connection by calling {@code Connection.receive} and counts what the sink
 * gets; Jetty is not involved any more.
 */
public final class InMemorySignet implements AutoCloseable {
  private static final byte[] HANDSHAKE =
      "{\"protocol\":\"json\",\"version\":1}\u001e".getBytes(StandardCharsets.US_ASCII);

  private final Server server;
  private final LocalConnector connector;
  private final Signet signet;
  private final InMemoryTransport.Registry registry;

  private InMemorySignet(Server server, LocalConnector connector, Signet signet,
      InMemoryTransport.Registry registry) {
    this.server = server;
    this.connector = connector;
    this.signet = signet;
    this.registry = registry;
  }

  /** Starts Signet with the benchmark hub and a 64 MiB outbound buffer, as the load suite does. */
  public static InMemorySignet start() throws Exception {
    return start(null);
  }

  /**
   * Starts Signet as {@link #start()} does, its hubs observed by {@code observer}.
   *
   * @param observer what learns of every event (metrics, say), or {@code null} for none
   */
  public static InMemorySignet start(SignetObserver observer) throws Exception {
    Signet.Builder builder = Signet.builder()
        .transports(new InMemoryTransport())
        .hub(BenchHub.class)
        .options(o -> o.maximumOutboundBufferSize(64L * 1024 * 1024));
    if (observer != null) {
      builder.observer(observer);
    }
    Signet signet = builder.build();
    Server server = new Server();
    LocalConnector connector = new LocalConnector(server);
    server.addConnector(connector);
    InMemoryTransport.Registry registry = new InMemoryTransport.Registry();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setAttribute(InMemoryTransport.ATTRIBUTE, registry);
    context.addEventListener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        signet.install(event.getServletContext());
      }
    });
    server.setHandler(context);
    server.start();
    return new InMemorySignet(server, connector, signet, registry);
  }

  /** The hub's context, to send from outside it. */
  public HubContext<BenchHub> hub() {
    return signet.hubContext(BenchHub.class);
  }

  /**
   * Connects {@code count} clients: negotiate, transport request, handshake. Returns once each
   * has its handshake answer and a broadcast reaches every one of them.
   */
  public List<InMemoryTransport.Attached> connect(int count) throws Exception {
    List<InMemoryTransport.Attached> clients = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String token = negotiate();
      String answer = connector.getResponse("GET /bench?id=" + token
          + " HTTP/1.0\r\nHost: memory\r\nUpgrade: websocket\r\n\r\n");
      InMemoryTransport.Attached attached = registry.get(token);
      if (attached == null) {
        throw new IllegalStateException("Transport request refused: " + answer);
      }
      attached.connection().receive(ByteBuffer.wrap(HANDSHAKE));
      clients.add(attached);
    }
    for (InMemoryTransport.Attached client : clients) {
      client.sink().await(1, 30); // the handshake answer
    }
    awaitMembers(clients);
    return clients;
  }

  /** Broadcasts until one reaches every client: each has run onConnected and is a member. */
  private void awaitMembers(List<InMemoryTransport.Attached> clients) throws InterruptedException {
    long[] before = clients.stream().mapToLong(c -> c.sink().payloads()).toArray();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      hub().clients().all().send("Ready");
      Thread.sleep(20);
      boolean all = true;
      for (int i = 0; i < clients.size() && all; i++) {
        all = clients.get(i).sink().payloads() > before[i];
      }
      if (all) {
        return;
      }
    }
    throw new IllegalStateException("Not every client joined the hub within 30 s");
  }

  private String negotiate() throws Exception {
    String response = connector.getResponse(
        "POST /bench/negotiate?negotiateVersion=1 HTTP/1.1\r\nHost: memory\r\n"
            + "Content-Length: 0\r\n\r\n");
    String key = "\"connectionToken\":\"";
    int start = response.indexOf(key);
    if (start < 0) {
      throw new IllegalStateException("Negotiate failed: " + response);
    }
    start += key.length();
    return response.substring(start, response.indexOf('"', start));
  }

  @Override
  public void close() throws Exception {
    server.stop();
    signet.close();
  }
}
