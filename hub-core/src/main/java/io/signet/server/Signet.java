package io.signet.server;

import io.signet.connection.ConnectionDirectory;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.RequestAuthenticator;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import io.signet.connection.internal.ConnectionLimits;
import io.signet.connection.internal.ConnectionRegistry;
import io.signet.connection.internal.HttpConnectionDispatcher;
import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.Hub;
import io.signet.hub.HubContext;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubOptions;
import io.signet.hub.internal.HubEndpointRuntime;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.hub.scaleout.ScaleOut;
import io.signet.hub.scaleout.ScaleOutEndpoint;
import io.signet.observe.SignetObserver;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.JsonHubProtocol;
import io.signet.server.internal.BearerTokens;
import io.signet.server.internal.EndpointReport;
import io.signet.server.internal.HubServlet;
import io.signet.server.internal.SignetThreads;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hubs of an application and the machinery that serves them. Build one with
 * {@link #builder()}, {@linkplain #install install} it into a servlet container (or start it with
 * {@code SignetServer} from {@code hub-jetty}), reach hubs from outside with
 * {@link #hubContext(Class)}, and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * Signet signet = Signet.builder()
 *     .hub(ChatHub.class)
 *     .options(o -> o.keepAliveInterval(Duration.ofSeconds(15)))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe once built.
 */
public final class Signet implements AutoCloseable {
  private final Map<String, Endpoint> endpoints;
  private final Map<Class<?>, HubEndpointRuntime<?>> byClass = new LinkedHashMap<>();
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService timer;
  private final ScaleOut scaleOut; // null on a single node
  private final ConnectionLimits limits; // shared by every hub's registry

  private record Endpoint(
      String path, HubEndpointRuntime<?> runtime, ConnectionRegistry registry,
      HttpConnectionDispatcher dispatcher, List<ServerTransport> transports,
      List<HubProtocol> protocols) {}

  private Signet(Builder builder) {
    ExecutorService executor = builder.executor;
    this.ownedExecutor = executor == null ? SignetThreads.hubExecutor(builder.threads) : null;
    ExecutorService hubExecutor = executor != null ? executor : ownedExecutor;
    this.timer = SignetThreads.timer();
    this.scaleOut = builder.scaleOut;
    this.limits =
        new ConnectionLimits(builder.maximumConnections, builder.maximumConnectionsPerUser);
    List<ServerTransport> transports =
        builder.transports != null ? builder.transports : loadTransports();
    Map<String, Endpoint> built = new LinkedHashMap<>();
    List<HubProtocol> protocols = builder.protocols(); // once: messages tell protocols by identity
    try {
      for (Registration<?> registration : builder.registrations) {
        Endpoint endpoint = create(registration, builder, hubExecutor, transports, protocols);
        built.put(registration.path(), endpoint);
        byClass.putIfAbsent(registration.hubClass(), endpoint.runtime());
      }
    } catch (RuntimeException e) {
      shutdownPools();
      throw e;
    }
    this.endpoints = built;
    long tickMillis = tickMillis();
    timer.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  private <H extends Hub> Endpoint create(Registration<H> registration, Builder builder,
      ExecutorService executor, List<ServerTransport> transports, List<HubProtocol> protocols) {
    HubOptions options = builder.optionsFor(registration);
    String path = registration.path();
    Function<LocalHubLifetimeManager, HubLifetimeManager> manager = scaleOut == null
        ? local -> local
        : local -> scaleOut.lifetimeManager(new ScaleOutEndpoint(path, protocols, local));
    HubEndpointRuntime<H> runtime = new HubEndpointRuntime<>(path, registration.hubClass(),
        registration.factory(), options, protocols, executor, manager,
        List.copyOf(builder.observers));
    ConnectionOptions connectionOptions = new ConnectionOptions(options.maximumOutboundBufferSize(),
        options.disconnectTimeout(), Duration.ofSeconds(5), options.longPollTimeout(),
        options.longPollPacing(), options.transportSendTimeout(), options.allowedOrigins(),
        options.maximumPostBodySize(), options.allowStatefulReconnects(),
        options.statefulReconnectBufferSize());
    ConnectionDirectory directory = scaleOut == null ? null : scaleOut.connectionDirectory(path);
    ConnectionRegistry registry = new ConnectionRegistry(connectionOptions, timer, directory, limits);
    List<ServerTransport> enabled = transports.stream()
        .filter(transport -> options.transports().contains(transport.type()))
        .toList();
    HttpConnectionDispatcher dispatcher = new HttpConnectionDispatcher(registry, enabled, runtime,
        builder.requestAuthenticator(), runtime.requiresAuthentication());
    return new Endpoint(registration.path(), runtime, registry, dispatcher, enabled, protocols);
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Installs every hub into {@code context}: one servlet per hub, mapped to the hub's path and its
   * {@code /negotiate} path. Call it while the context is being initialised (from a
   * {@code ServletContainerInitializer} or a {@code ServletContextListener}), after the container's
   * Jakarta WebSocket support is set up; WebSockets are offered only when the context has a
   * {@code jakarta.websocket.server.ServerContainer}.
   *
   * <p>Logs one INFO line per hub: its path, the transports offered in this container and the
   * hub protocols; and a WARN naming the fix when WebSocket transports are enabled but the
   * container cannot run them. Where the container's WebSocket support is not set up yet (Spring
   * Boot's embedded Tomcat runs its WebSocket initializer after Boot's own), the report waits for
   * the context to have started.
   *
   * @param context the servlet context being initialised
   */
  public void install(ServletContext context) {
    Objects.requireNonNull(context, "context == null");
    for (Endpoint endpoint : endpoints.values()) {
      // A container that takes the servlet out of service (a web application stopping, whose
      // listener closes Signet only after the container unmapped the context and closed its
      // WebSockets) first lets the endpoint's clients hear a Close.
      ServletRegistration.Dynamic servlet = context.addServlet("signet:" + endpoint.path(),
          new HubServlet(endpoint.dispatcher(), endpoint.path(),
              () -> closeConnections(List.of(endpoint))));
      if (servlet == null) {
        throw new IllegalStateException("A servlet for " + endpoint.path() + " is already installed");
      }
      servlet.setAsyncSupported(true);
      servlet.addMapping(endpoint.path(), endpoint.path() + "/negotiate");
    }
    EndpointReport.whenStarted(context, () -> {
      for (Endpoint endpoint : endpoints.values()) {
        EndpointReport.installed(context, endpoint.path(), endpoint.runtime().hubClass(),
            endpoint.transports(), endpoint.dispatcher().available(context),
            endpoint.protocols());
      }
    });
  }

  /**
   * The context of a registered hub, for sending from outside it.
   *
   * @param <H> the hub's class
   * @param hubClass a hub class registered with the builder
   * @return the hub's context; the same one on every call
   * @throws IllegalArgumentException if {@code hubClass} is not registered
   */
  @SuppressWarnings("unchecked")
  public <H extends Hub> HubContext<H> hubContext(Class<H> hubClass) {
    HubEndpointRuntime<?> runtime = byClass.get(hubClass);
    if (runtime == null) {
      throw new IllegalArgumentException(hubClass.getName() + " is not a registered hub");
    }
    return (HubContext<H>) runtime;
  }

  /**
   * The connections across all hubs on this node whose transport is connected: negotiated
   * connections that no transport has taken up yet do not count.
   *
   * @return the number of connections
   */
  public int connectionCount() {
    int count = 0;
    for (Endpoint endpoint : endpoints.values()) {
      count += endpoint.runtime().connectionCount();
    }
    return count;
  }

  /**
   * How this Signet is doing, for a host's health or readiness check: whether it admits new
   * connections, whether its scale-out reaches the rest of the cluster, and its active
   * connections per hub and transport. Cheap enough to call per probe (it counts connections).
   * A scale-out outage makes it {@linkplain SignetHealth.Status#DEGRADED degraded}, still up:
   * this node serves its own connections meanwhile, and so does every other node.
   *
   * @return the health, as of now
   */
  public SignetHealth health() {
    Map<String, Map<TransportType, Integer>> byHub = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints.values()) {
      byHub.put(endpoint.path(), endpoint.runtime().connectionsByTransport());
    }
    return new SignetHealth(!closed, scaleOut == null || scaleOut.isHealthy(), byHub);
  }

  /**
   * The connections registered across all hubs on this node: those counted by
   * {@link #connectionCount()} and those negotiated that no transport has taken up yet (swept
   * after the disconnect timeout). What {@link #close()} waits for.
   *
   * @return the number of connections
   */
  public int registeredConnectionCount() {
    return registeredConnectionCount(List.copyOf(endpoints.values()));
  }

  /** {@return the paths of the registered hubs, in registration order} */
  public List<String> paths() {
    return List.copyOf(endpoints.keySet());
  }

  /**
   * Closes every connection — each connected client receives a {@code Close} that allows it to
   * reconnect — waits up to {@link #CLOSE_WAIT} for them to end, and stops the threads Signet
   * owns. From its start, no new connection is admitted: negotiate gets {@code 503} with
   * {@code Retry-After}, so clients with automatic reconnect try again (elsewhere, behind a load
   * balancer) instead of being admitted and cut. An executor given to the builder is left
   * running. Call it before stopping the container, so that the Close messages still reach
   * clients. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdownPools(closeConnections(List.copyOf(endpoints.values())));
  }

  /**
   * Stops {@code closing} admitting connections, closes theirs (each client receives a
   * {@code Close}) and waits up to {@link #CLOSE_WAIT} for them to end.
   *
   * @return the deadline the wait ended at, in {@link System#nanoTime()} terms
   */
  private long closeConnections(List<Endpoint> closing) {
    for (Endpoint endpoint : closing) {
      endpoint.dispatcher().shutDown(); // admit nobody new: they would be cut moments later
    }
    for (Endpoint endpoint : closing) {
      endpoint.runtime().closeAll();
      endpoint.registry().closeAll();
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (registeredConnectionCount(closing) > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20); // closes complete on transport threads; nothing to wait on directly
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return deadline;
  }

  private static int registeredConnectionCount(List<Endpoint> of) {
    int count = 0;
    for (Endpoint endpoint : of) {
      count += endpoint.registry().size();
    }
    return count;
  }

  private volatile boolean closed; // close() ran

  /** How long {@link #close()} waits for connections to end. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

  private void shutdownPools() {
    shutdownPools(System.nanoTime());
  }

  /**
   * Stops the pools Signet owns: the hub executor first finishes what it has (the
   * {@code onDisconnected} of the connections just closed, calls in flight) until
   * {@code deadlineNanos}, or at least briefly.
   */
  private void shutdownPools(long deadlineNanos) {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      long waitNanos = Math.max(deadlineNanos - System.nanoTime(),
          TimeUnit.MILLISECONDS.toNanos(500));
      try {
        ownedExecutor.awaitTermination(waitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (scaleOut != null) {
      scaleOut.close();
    }
    timer.shutdownNow();
    // A container looks for threads a web application left running right after its
    // contextDestroyed, where a listener closes Signet (Tomcat warns of each as a likely memory
    // leak): the timer's thread ends first. Not awaited on that thread itself (a close from a
    // timer task), which would only wait out the bound.
    if (!SignetThreads.onTimerThread()) {
      try {
        timer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void tick() {
    long now = System.nanoTime();
    WarningLimiter.flushAll();
    for (Endpoint endpoint : endpoints.values()) {
      endpoint.registry().sweep(now);
      endpoint.runtime().tick(now);
    }
  }

  private long tickMillis() {
    long tick = 1000;
    for (Endpoint endpoint : endpoints.values()) {
      tick = Math.min(tick, endpoint.runtime().keepAliveInterval().toMillis() / 4);
    }
    return Math.max(50, tick);
  }

  private static List<ServerTransport> loadTransports() {
    List<ServerTransport> transports = new ArrayList<>();
    for (ServerTransport transport : ServiceLoader.load(ServerTransport.class, Signet.class.getClassLoader())) {
      transports.add(transport);
    }
    return transports;
  }

  private record Registration<H extends Hub>(
      String path, Class<H> hubClass, Supplier<? extends H> factory) {}

  /** Builds a {@link Signet}; not thread-safe. */
  public static final class Builder {
    private final List<Registration<?>> registrations = new ArrayList<>();
    private final Map<Class<?>, Consumer<HubOptions.Builder>> perHub = new LinkedHashMap<>();
    private final Map<String, Consumer<HubOptions.Builder>> perPath = new LinkedHashMap<>();
    private List<ServerTransport> transports; // null: those ServiceLoader finds
    private HubOptions options = HubOptions.DEFAULTS;
    /** By name; JSON's first. */
    private final Map<String, HubProtocol> protocols = new LinkedHashMap<>();
    private boolean discoverProtocols = true;
    private ExecutorService executor;
    private ScaleOut scaleOut;
    private final List<SignetObserver> observers = new ArrayList<>();
    private Authenticator authenticator;
    private int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private int maximumConnections = ConnectionLimits.defaultMaximum();
    private int maximumConnectionsPerUser;

    private Builder() {
      protocols.put("json", new JsonHubProtocol());
    }

    /**
     * Reports what every hub does to {@code observer}, for metrics or tracing (see
     * {@code hub-micrometer} and {@code hub-opentelemetry}). May be called several times: each
     * observer sees every event. Without one, nothing is counted.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(SignetObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer == null"));
      return this;
    }

    /**
     * Registers a hub at the path of its {@link HubEndpoint} annotation.
     *
     * @param <H> the hub's class
     * @param hubClass the hub, with a public no-arg constructor
     * @return this builder
     */
    public <H extends Hub> Builder hub(Class<H> hubClass) {
      return hub(pathOf(hubClass), hubClass, null);
    }

    /**
     * Registers a hub created by {@code factory} (for DI containers) at its annotated path.
     *
     * @param <H> the hub's class
     * @param hubClass the hub
     * @param factory creates a hub instance per call
     * @return this builder
     */
    public <H extends Hub> Builder hub(Class<H> hubClass, Supplier<? extends H> factory) {
      return hub(pathOf(hubClass), hubClass, Objects.requireNonNull(factory, "factory == null"));
    }

    /**
     * Registers a hub at {@code path}, whatever its annotation says.
     *
     * @param <H> the hub's class
     * @param path the hub's path, starting with {@code /}
     * @param hubClass the hub, with a public no-arg constructor
     * @return this builder
     */
    public <H extends Hub> Builder hub(String path, Class<H> hubClass) {
      return hub(path, hubClass, null);
    }

    /**
     * Registers a hub at {@code path}, created by {@code factory}.
     *
     * @param <H> the hub's class
     * @param path the hub's path, starting with {@code /}
     * @param hubClass the hub
     * @param factory creates a hub instance per call; {@code null} for the public no-arg constructor
     * @return this builder
     */
    public <H extends Hub> Builder hub(String path, Class<H> hubClass, Supplier<? extends H> factory) {
      Objects.requireNonNull(hubClass, "hubClass == null");
      String normalized = normalizePath(path);
      for (Registration<?> existing : registrations) {
        if (existing.path().equals(normalized)) {
          throw new IllegalArgumentException("Two hubs at " + normalized + ": "
              + existing.hubClass().getName() + " and " + hubClass.getName());
        }
      }
      registrations.add(new Registration<>(normalized, hubClass, factory));
      return this;
    }

    /**
     * Adjusts the options of one hub class on top of the options of every hub (ASP.NET Core's
     * {@code HubOptions<THub>}). Applies to every path the class is registered at.
     *
     * @param <H> the hub's class
     * @param hubClass the hub
     * @param configure changes the options, given a builder holding the current ones
     * @return this builder
     */
    public <H extends Hub> Builder configure(
        Class<H> hubClass, Consumer<HubOptions.Builder> configure) {
      Objects.requireNonNull(hubClass, "hubClass == null");
      Objects.requireNonNull(configure, "configure == null");
      perHub.merge(hubClass, configure, Consumer::andThen);
      return this;
    }

    /**
     * Adjusts the options of the hub endpoint at {@code path}, after those of its class (ASP.NET
     * Core's per-endpoint options, such as which transports it allows).
     *
     * @param path the endpoint's path
     * @param configure changes the options, given a builder holding the current ones
     * @return this builder
     */
    public Builder configure(String path, Consumer<HubOptions.Builder> configure) {
      Objects.requireNonNull(configure, "configure == null");
      perPath.merge(normalizePath(path), configure, Consumer::andThen);
      return this;
    }

    private HubOptions optionsFor(Registration<?> registration) {
      Consumer<HubOptions.Builder> byClass = perHub.get(registration.hubClass());
      Consumer<HubOptions.Builder> byPath = perPath.get(registration.path());
      if (byClass == null && byPath == null) {
        return options;
      }
      HubOptions.Builder builder = options.toBuilder();
      if (byClass != null) {
        byClass.accept(builder);
      }
      if (byPath != null) {
        byPath.accept(builder);
      }
      return builder.build();
    }

    /**
     * Serves with exactly these transports instead of those found with
     * {@link java.util.ServiceLoader} (for class loaders where service files are lost, such as
     * some shaded jars, or to pick the portable Jakarta WebSocket transport on Jetty). Which
     * transports each hub allows is still up to {@link HubOptions#transports()}.
     *
     * @param values the transports, at least one
     * @return this builder
     */
    public Builder transports(ServerTransport... values) {
      List<ServerTransport> list = List.of(values);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("No transports");
      }
      this.transports = list;
      return this;
    }

    /**
     * Sets the options of every hub.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder options(HubOptions value) {
      this.options = Objects.requireNonNull(value, "options == null");
      return this;
    }

    /**
     * Adjusts the options of every hub, starting from the current ones.
     *
     * @param configure changes the options, given a builder holding the current ones
     * @return this builder
     */
    public Builder options(Consumer<HubOptions.Builder> configure) {
      HubOptions.Builder builder = options.toBuilder();
      configure.accept(builder);
      this.options = builder.build();
      return this;
    }

    /**
     * Speaks {@code value} too, in place of the protocol of the same name if there is one: a
     * {@link JsonHubProtocol} with an {@code ObjectMapper} of your own, say. Every hub speaks
     * JSON and each hub protocol found on the class path ({@code ServiceLoader} of
     * {@link HubProtocol}, as {@code hub-protocol-msgpack} registers MessagePack); each client
     * speaks the one its handshake names, and one hub serves clients of all of them at once.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder protocol(HubProtocol value) {
      Objects.requireNonNull(value, "protocol == null");
      protocols.put(value.name(), value);
      return this;
    }

    /**
     * Speaks exactly {@code values}, and looks for no others on the class path. They must
     * include JSON, which every SignalR client can fall back to.
     *
     * @param values the protocols, JSON among them
     * @return this builder
     */
    public Builder protocols(HubProtocol... values) {
      Map<String, HubProtocol> named = new LinkedHashMap<>();
      for (HubProtocol value : values) {
        named.put(Objects.requireNonNull(value, "protocol == null").name(), value);
      }
      if (!named.containsKey("json")) {
        throw new IllegalArgumentException("The hub protocols must include 'json'");
      }
      protocols.clear();
      protocols.put("json", named.remove("json"));
      protocols.putAll(named);
      discoverProtocols = false;
      return this;
    }

    /** The protocols to speak: JSON first, then those set, then those found on the class path. */
    private List<HubProtocol> protocols() {
      Map<String, HubProtocol> all = new LinkedHashMap<>(protocols);
      if (discoverProtocols) {
        for (HubProtocol found
            : ServiceLoader.load(HubProtocol.class, Signet.class.getClassLoader())) {
          all.putIfAbsent(found.name(), found);
        }
      }
      return List.copyOf(all.values());
    }

    /**
     * Runs hub methods on {@code value}, which the application owns (Signet never shuts it down).
     * By default Signet owns a bounded pool of daemon threads named {@code signet-hub-N}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder executor(ExecutorService value) {
      this.executor = Objects.requireNonNull(value, "executor == null");
      return this;
    }

    /**
     * Authenticates requests by their bearer token: the {@code Authorization: Bearer} header, or,
     * on the WebSocket upgrade and the SSE stream only (where browsers cannot set headers), the
     * {@code access_token} query parameter. Without an authenticator, the container's own
     * authentication ({@code HttpServletRequest.getUserPrincipal()}) is used.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder authenticator(Authenticator value) {
      this.authenticator = Objects.requireNonNull(value, "authenticator == null");
      return this;
    }

    private RequestAuthenticator requestAuthenticator() {
      Authenticator configured = authenticator;
      if (configured == null) {
        return RequestAuthenticator.CONTAINER;
      }
      return request -> configured.authenticate(BearerTokens.of(request), request);
    }

    /**
     * Serves the hubs together with other Signet processes through {@code value} (a backplane,
     * such as {@code RedisScaleOut} from {@code hub-redis}): sends, groups, client results and
     * presence span every node, and, when the scale-out has a connection directory, any node
     * serves any request of a connection, so a load balancer needs no sticky sessions. Signet
     * closes it with itself. Without one, Signet serves this process alone.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder scaleOut(ScaleOut value) {
      this.scaleOut = Objects.requireNonNull(value, "scaleOut == null");
      return this;
    }

    /**
     * The most connections this server holds at once, across all its hubs, counted from
     * negotiate until the connection ends; past it, a negotiate (or a WebSocket request without
     * one) is answered {@code 503 Service Unavailable} with {@code Retry-After: 5} and a text
     * saying why, and the connections already held are not disturbed. {@code 0} for no limit.
     * Default: 80% of the file descriptors the process may open (where the JVM reports it, as on
     * Linux and macOS; otherwise no limit), so that a full server refuses new clients with a
     * reason instead of failing to accept sockets at all.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumConnections(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maximumConnections < 0");
      }
      this.maximumConnections = value;
      return this;
    }

    /**
     * The most connections one authenticated user (by the name of its principal) holds at once
     * on this server, across all its hubs; past it, {@code 429 Too Many Requests} with a text
     * saying why. Anonymous connections count only toward {@link #maximumConnections}.
     * Default: {@code 0}, no limit.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumConnectionsPerUser(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maximumConnectionsPerUser < 0");
      }
      this.maximumConnectionsPerUser = value;
      return this;
    }

    /**
     * The size of the default hub executor (default: 4 per core, at least 8).
     *
     * @param count the number of threads, at least 1
     * @return this builder
     */
    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads < 1");
      }
      this.threads = count;
      return this;
    }

    /**
     * Validates every hub and builds. Fails naming the class and method of an invalid hub.
     *
     * @return the server side of every hub, to install or to start
     */
    public Signet build() {
      if (registrations.isEmpty()) {
        throw new IllegalStateException("No hub registered");
      }
      for (String path : perPath.keySet()) {
        if (registrations.stream().noneMatch(r -> r.path().equals(path))) {
          throw new IllegalStateException("configure(\"" + path + "\"): no hub at that path");
        }
      }
      return new Signet(this);
    }

    private static String pathOf(Class<?> hubClass) {
      HubEndpoint endpoint = hubClass.getAnnotation(HubEndpoint.class);
      if (endpoint == null) {
        throw new IllegalArgumentException(hubClass.getName()
            + " has no @HubEndpoint; annotate it or register it with hub(path, class)");
      }
      return endpoint.value();
    }

    private static String normalizePath(String path) {
      Objects.requireNonNull(path, "path == null");
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      if (!trimmed.startsWith("/") || trimmed.length() < 2 || trimmed.contains("*")) {
        throw new IllegalArgumentException("Invalid hub path '" + path + "': use /name");
      }
      return trimmed;
    }
  }
}
