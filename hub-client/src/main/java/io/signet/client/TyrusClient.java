package io.signet.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;

/**
 * The Tyrus client every WebSocket of this library goes through: one {@link ClientManager},
 * created on first use, and the threads that wait for handshakes.
 *
 * <p>What Tyrus (the standalone bundle, whose container is Grizzly's) does with threads, and why
 * this class looks as it does:
 *
 * <ul>
 *   <li>{@link ClientManager#connectToServer} blocks until the handshake ends (up to its 30 s
 *       handshake timeout). Its {@code asyncConnectToServer} only moves that wait to a cached
 *       pool of the manager and returns a {@link java.util.concurrent.Future} that tells nobody
 *       when it completes. So the blocking call runs here, on {@link #CONNECTS}: daemon threads
 *       named {@code signet-client-ws-connect-N}, none while no handshake is under way (idle
 *       ones end after 30 s). No Tyrus or HTTP client thread ever waits for a handshake.
 *   <li>Each WebSocket gets its own Grizzly transport: a selector thread and two worker threads,
 *       all daemon threads, started with the connection and shut down when it closes, fails its
 *       upgrade or times out. Nothing stays behind per connection, and a JVM whose other threads
 *       end exits even with a WebSocket open.
 *   <li>Messages and the close reach the endpoint on the connection's worker threads, one task
 *       at a time in arrival order (Grizzly's {@code TaskProcessor}).
 *   <li>Each session takes the manager's scheduler (for idle timeouts): a pool of up to ten
 *       daemon threads named {@code tyrus-N-thread-M}, which the manager shuts down when its
 *       last session closes and starts again with the next one. Its asynchronous connect and
 *       its reconnect handlers, which would start more, are not used. So one shared manager
 *       costs at most those ten threads while connections are open, and needs no closing.
 * </ul>
 *
 * <p>Headers: Tyrus adds {@code Origin: http://host:port} to every upgrade, even for
 * {@code wss}. The official non-browser clients send no {@code Origin}, and a server that checks
 * origins (Signet does) would refuse {@code http://} on an {@code https} endpoint, so it is
 * removed.
 */
final class TyrusClient {
  /** The threads that wait for handshakes: as many as there are handshakes under way. */
  private static final ExecutorService CONNECTS = connectThreads();

  private TyrusClient() {}

  /** The shared manager, created with the class on first use. */
  private static final class Holder {
    static final ClientManager MANAGER = manager();

    private static ClientManager manager() {
      ClientManager manager = ClientManager.createClient();
      // Tyrus refuses a received WebSocket frame over 4 MB by default (close 1009). A server may
      // send a hub message of up to the connection's maximum size (10 MiB by default), or a
      // batch of smaller ones, as one frame, so the bound is raised; Session enforces the hub
      // message size.
      manager.getProperties().put(TyrusWebSocketEngine.INCOMING_BUFFER_SIZE,
          MAXIMUM_WEBSOCKET_MESSAGE);
      return manager;
    }
  }

  /** The largest WebSocket frame received: 64 MiB. */
  static final int MAXIMUM_WEBSOCKET_MESSAGE = 64 * 1024 * 1024;

  /**
   * Opens a WebSocket to {@code url} with {@code headers} on the upgrade request.
   *
   * @param endpoint gets the session's events; its {@code onOpen} runs before the result completes
   * @return the open session; fails with the Tyrus exception when the connection or the upgrade
   *     failed (see {@link #statusOf})
   */
  static CompletableFuture<Session> connect(Endpoint endpoint, URI url,
      Map<String, String> headers) {
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(Map<String, List<String>> request) {
            request.remove("Origin");
            headers.forEach((name, value) -> request.put(name, List.of(value)));
          }
        })
        .build();
    CompletableFuture<Session> session = new CompletableFuture<>();
    try {
      CONNECTS.execute(() -> {
        try {
          session.complete(Holder.MANAGER.connectToServer(endpoint, config, url));
        } catch (Exception | LinkageError e) {
          session.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      session.completeExceptionally(e);
    }
    return session;
  }

  /**
   * The HTTP status that refused an upgrade, as Tyrus reports it: a {@link HandshakeException}
   * (its subclasses {@code AuthenticationException} for {@code 401}, {@code RetryAfterException}
   * for {@code 503} and {@code RedirectException} for redirects, which Tyrus does not follow by
   * default) somewhere in the cause chain of the {@code DeploymentException}.
   *
   * @return the status, or {@code 0} when the upgrade was not answered (no connection, timeout)
   */
  static int statusOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HandshakeException) {
        return ((HandshakeException) cause).getHttpStatusCode();
      }
    }
    return 0;
  }

  private static ExecutorService connectThreads() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(task, "signet-client-ws-connect-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
