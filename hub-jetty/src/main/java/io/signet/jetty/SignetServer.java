package io.signet.jetty;

import io.signet.connection.internal.WarningLimiter;
import io.signet.server.Signet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signet on an embedded Jetty 12: HTTP/1.1 and WebSockets on one port, optionally with static files
 * and the application's own servlets beside the hubs.
 *
 * <pre>{@code
 * try (SignetServer server = SignetServer.start(5000, signet)) {
 *   server.join();
 * }
 * }</pre>
 *
 * <p>Facing hostile clients, the server:
 *
 * <ul>
 *   <li>closes a connection that does not send a request's headers within
 *       {@link Builder#headerTimeout} (default {@link #DEFAULT_HEADER_TIMEOUT}), however slowly it
 *       keeps sending, so that slow-header clients cannot hold sockets until the process runs out
 *       of file descriptors. Requests being handled (long polls, event streams) and WebSockets are
 *       not affected; an idle kept-alive connection is closed by the idle timeout, 30 s;
 *   <li>closes a connection whose request body comes slower than
 *       {@link Builder#minRequestDataRate} (default {@link #DEFAULT_MIN_REQUEST_DATA_RATE} bytes
 *       per second, after {@link #REQUEST_BODY_GRACE}) while the request's handler waits for it,
 *       so that slow-body clients cannot hold the threads of handlers that read bodies with
 *       blocking reads, nor sockets;
 *   <li>gives each accepted socket a kernel send buffer of {@link Builder#sendBufferSize}
 *       (default {@link #DEFAULT_SEND_BUFFER_SIZE}) instead of letting the operating system grow
 *       it to megabytes, so that a client that stops reading fills it, and is disconnected by the
 *       hubs' send timeout, soon, and holds little kernel memory meanwhile;
 *   <li>sends no {@code Server} header with Jetty's version, and no {@code X-Powered-By};
 *   <li>writes the warnings that a flood of connections causes (connections closed for slow
 *       headers or slow bodies, failed accepts when file descriptors run out) once per cause and
 *       minute, with a count, instead of once per connection.
 * </ul>
 *
 * <p>Closing the server closes the {@link Signet} and then stops Jetty.
 */
public final class SignetServer implements AutoCloseable {
  /**
   * The time a client has to send a request's headers: far more than any real client needs (they
   * send them in one packet), far less than a slow-header attack needs to pile up sockets.
   */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The slowest a client may send a request body, in bytes per second, on average: a fraction of
   * what the slowest mobile networks still in use carry (GPRS, some 5 KB/s), hundreds of times
   * what a slow-body attack sends (a byte every few seconds).
   */
  public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;
  /**
   * The waiting every request body is allowed before {@link Builder#minRequestDataRate} counts:
   * a round trip for {@code Expect: 100-continue}, a slow start, a mobile client's pause.
   */
  public static final Duration REQUEST_BODY_GRACE = Duration.ofSeconds(10);
  /**
   * The kernel send buffer of each accepted socket, 256 KiB: at least that much in flight per
   * round trip, about 2.5 MiB/s to a client 100 ms away, far more than a hub's messages need.
   * Linux reserves twice the figure for its bookkeeping (and caps it at
   * {@code net.core.wmem_max}), so a client that stops reading holds at most about 512 KiB of
   * kernel memory, instead of the 4 MiB that autotuning allows by default.
   */
  public static final int DEFAULT_SEND_BUFFER_SIZE = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SignetServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final Signet signet;
  private final RequestHeaderTimeout headerTimeout; // null when switched off
  private final RequestBodyRate bodyRate; // null when switched off

  private SignetServer(Server server, ServerConnector connector, Signet signet,
      RequestHeaderTimeout headerTimeout, RequestBodyRate bodyRate) {
    this.server = server;
    this.connector = connector;
    this.signet = signet;
    this.headerTimeout = headerTimeout;
    this.bodyRate = bodyRate;
  }

  /**
   * Starts Jetty on {@code port} (0 for any free port) on all interfaces, serving {@code signet}.
   *
   * @param port the port to listen on
   * @param signet the hubs to serve
   * @return the started server
   * @throws IllegalStateException if Jetty cannot start (for example, the port is taken)
   */
  public static SignetServer start(int port, Signet signet) {
    return builder().port(port).signet(signet).start();
  }

  /**
   * A builder for a server with more than hubs on it.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the port Jetty listens on (the real one when started with port 0)} */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * {@return {@code http://host:port/} of this server, with {@code localhost} for all interfaces}
   */
  public URI uri() {
    String host = connector.getHost();
    return URI.create("http://" + (host == null || host.equals("0.0.0.0") ? "localhost" : host)
        + ":" + port() + "/");
  }

  /** The header timeout's tracking, or {@code null} when switched off; for tests. */
  RequestHeaderTimeout headerTimeout() {
    return headerTimeout;
  }

  /** The request body rate's tracking, or {@code null} when switched off; for tests. */
  RequestBodyRate bodyRate() {
    return bodyRate;
  }

  /** Jetty's connector, for tests. */
  ServerConnector connector() {
    return connector;
  }

  /**
   * Blocks until the server stops.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Closes the {@link Signet} (clients get a {@code Close} that lets them reconnect), then stops
   * Jetty. Idempotent.
   */
  @Override
  public void close() {
    try {
      signet.close();
    } finally {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Stopping Jetty failed", e);
      }
    }
  }

  /** Builds and starts a {@link SignetServer}; not thread-safe. */
  public static final class Builder {
    private int port = 5000;
    private String host;
    private Signet signet;
    private String staticResources;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private long minRequestDataRate = DEFAULT_MIN_REQUEST_DATA_RATE;
    private Duration requestBodyGrace = REQUEST_BODY_GRACE;
    private int sendBufferSize = DEFAULT_SEND_BUFFER_SIZE;
    private final Map<String, Servlet> servlets = new LinkedHashMap<>();
    private final List<Map.Entry<String, Filter>> filters = new ArrayList<>();
    private Consumer<String> warningSink = line -> log.warn("{}", line);

    private Builder() {}

    /**
     * The port to listen on; 0 for any free port. Default 5000.
     *
     * @param value the port
     * @return this builder
     */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /**
     * The interface to listen on, for example {@code 127.0.0.1}; default all interfaces.
     *
     * @param value the interface's address or host name
     * @return this builder
     */
    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /**
     * The hubs to serve. Required.
     *
     * @param value the hubs
     * @return this builder
     */
    public Builder signet(Signet value) {
      this.signet = Objects.requireNonNull(value, "signet == null");
      return this;
    }

    /**
     * Serves the files of a class-path directory (for example {@code "web"}) at {@code /}, with
     * {@code index.html} as the welcome file.
     *
     * @param classPathDirectory the directory, relative to the class path's roots
     * @return this builder
     */
    public Builder staticResources(String classPathDirectory) {
      this.staticResources = Objects.requireNonNull(classPathDirectory, "classPathDirectory == null");
      return this;
    }

    /**
     * Adds an application servlet at a servlet path spec such as {@code /api/*}.
     *
     * @param pathSpec the servlet path spec
     * @param servlet the servlet
     * @return this builder
     */
    public Builder servlet(String pathSpec, Servlet servlet) {
      servlets.put(Objects.requireNonNull(pathSpec, "pathSpec == null"),
          Objects.requireNonNull(servlet, "servlet == null"));
      return this;
    }

    /**
     * Adds a servlet filter in front of every request at {@code pathSpec} (such as {@code /*}),
     * the hubs' included; filters run in the order added. For response headers such as a
     * {@code Content-Security-Policy}.
     *
     * @param pathSpec the servlet path spec
     * @param filter the filter
     * @return this builder
     */
    public Builder filter(String pathSpec, Filter filter) {
      filters.add(Map.entry(Objects.requireNonNull(pathSpec, "pathSpec == null"),
          Objects.requireNonNull(filter, "filter == null")));
      return this;
    }

    /**
     * The time a client has to send a request's headers, counted from the connection being
     * accepted or, on a kept-alive connection, from the next request's first bytes; a client
     * slower than that is disconnected (within one and a half times it). Default
     * {@link #DEFAULT_HEADER_TIMEOUT}; {@link Duration#ZERO} switches it off, for a server behind
     * a proxy that has its own. Requests being handled and WebSockets are never affected.
     *
     * @param value the timeout, not negative
     * @return this builder
     */
    public Builder headerTimeout(Duration value) {
      Objects.requireNonNull(value, "value == null");
      if (value.isNegative()) {
        throw new IllegalArgumentException("headerTimeout < 0: " + value);
      }
      this.headerTimeout = value;
      return this;
    }

    /**
     * The slowest a client may send a request body, in bytes per second on average, while the
     * request's handler waits for it: the server waits for a body at most
     * {@link #REQUEST_BODY_GRACE} plus one second for every {@code bytesPerSecond} bytes
     * received, and then closes the connection (the handler's read fails; the client gets no
     * answer). Only the time the handler spends waiting for bytes counts: a handler that reads
     * slowly, or not yet, never gets its client cut off. Default
     * {@link #DEFAULT_MIN_REQUEST_DATA_RATE}; 0 switches the check off, for a server behind a
     * proxy that buffers request bodies, or one that takes slow uploads on purpose. Requests
     * without a body (WebSocket upgrades, long polls, event streams) are never affected.
     *
     * @param bytesPerSecond 0 to {@link Integer#MAX_VALUE}
     * @return this builder
     */
    public Builder minRequestDataRate(long bytesPerSecond) {
      if (bytesPerSecond < 0 || bytesPerSecond > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("minRequestDataRate out of range: " + bytesPerSecond);
      }
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    /** The waiting every request body is allowed before its rate counts; for tests. */
    Builder requestBodyGrace(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("requestBodyGrace <= 0: " + value);
      }
      this.requestBodyGrace = value;
      return this;
    }

    /**
     * The kernel send buffer ({@code SO_SNDBUF}) of each accepted socket, in bytes. It bounds
     * what a client that stops reading can hold of the kernel's memory, and how much the server
     * writes before noticing (the hubs' {@code transportSendTimeout} starts once it is full); it
     * also bounds each connection's throughput to about this much per round trip. Default
     * {@link #DEFAULT_SEND_BUFFER_SIZE}; 0 or less leaves it to the operating system, whose
     * autotuning (Linux: {@code net.ipv4.tcp_wmem}) grows it up to megabytes as a connection
     * needs, and as one that stops reading lets it.
     *
     * @param bytes the buffer's size
     * @return this builder
     */
    public Builder sendBufferSize(int bytes) {
      this.sendBufferSize = bytes;
      return this;
    }

    /** Where the rate-limited warnings go instead of the log; for tests. */
    Builder warningSink(Consumer<String> value) {
      this.warningSink = Objects.requireNonNull(value, "value == null");
      return this;
    }

    /**
     * Starts Jetty.
     *
     * @return the started server
     */
    public SignetServer start() {
      Objects.requireNonNull(signet, "signet == null: call signet(...)");
      QueuedThreadPool threads = new QueuedThreadPool();
      threads.setName("signet-jetty");
      threads.setDaemon(true);
      Server server = new Server(threads);
      HttpConnectionFactory http = new HttpConnectionFactory(httpConfiguration());
      Consumer<String> sink = warningSink;
      WarningLimiter warnings = new WarningLimiter((line, error) -> sink.accept(line),
          WarningLimiter.DEFAULT_INTERVAL, System::nanoTime);
      ServerConnector connector = new GuardedConnector(server, warnings,
          WarningLimiter.DEFAULT_INTERVAL.toNanos() / 4, http);
      connector.setPort(port);
      connector.setHost(host);
      if (sendBufferSize > 0) {
        connector.setAcceptedSendBufferSize(sendBufferSize);
      }
      server.addConnector(connector);
      Handler handler = newContext();
      RequestBodyRate bodyRate = null;
      if (minRequestDataRate > 0) {
        bodyRate = new RequestBodyRate(minRequestDataRate, requestBodyGrace,
            connector.getScheduler(), warnings);
        connector.addBean(bodyRate); // started after the connector's scheduler, stopped before
        handler = bodyRate.tracking(handler);
      }
      RequestHeaderTimeout timeout = null;
      if (!headerTimeout.isZero()) {
        timeout = new RequestHeaderTimeout(headerTimeout, connector.getScheduler(), warnings);
        http.addEventListener(timeout.listener());
        connector.addBean(timeout); // started after the connector's scheduler, stopped before
        handler = timeout.tracking(handler);
      }
      server.setHandler(handler);
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new IllegalStateException("Starting Jetty on port " + port + " failed", e);
      }
      return new SignetServer(server, connector, signet, timeout, bodyRate);
    }

    private static HttpConfiguration httpConfiguration() {
      HttpConfiguration http = new HttpConfiguration();
      // A Jakarta WebSocket session keeps its upgrade request, and through it the HTTP parser
      // and its header-field cache (about 100 KB of char[] per connection, measured by the
      // benchmarks' idle scenario). Jetty's native transport, which serves here, keeps neither;
      // this protects applications that choose the Jakarta one with Signet.Builder.transports.
      http.setHeaderCacheSize(0);
      // Naming the server's version tells an attacker which known flaws to try.
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      return http;
    }

    private ServletContextHandler newContext() {
      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
      context.setContextPath("/");
      filters.forEach(filter -> context.addFilter(new FilterHolder(filter.getValue()),
          filter.getKey(), EnumSet.of(DispatcherType.REQUEST)));
      servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
      if (staticResources != null) {
        addStaticResources(context, staticResources);
      }
      // Signet installs its servlets once Jakarta WebSocket support exists in the context (the
      // Jakarta transport needs its container; the native one shares its WebSocket components).
      JakartaWebSocketServletContainerInitializer.configure(context,
          (servletContext, container) -> signet.install(servletContext));
      return context;
    }

    private static void addStaticResources(ServletContextHandler context, String directory) {
      ResourceFactory resources = ResourceFactory.of(context);
      var base = resources.newClassLoaderResource(directory);
      if (base == null) {
        throw new IllegalArgumentException("No class-path directory " + directory);
      }
      context.setBaseResource(base);
      context.setWelcomeFiles(new String[] {"index.html"});
      ServletHolder files = new ServletHolder("static", DefaultServlet.class);
      files.setInitParameter("dirAllowed", "false");
      context.addServlet(files, "/");
    }
  }
}
