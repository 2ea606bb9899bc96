package io.signet.hub.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionListener;
import io.signet.connection.OutboundBufferFullException;
import io.signet.connection.OutboundPayload;
import io.signet.connection.SendTimeoutException;
import io.signet.connection.TransportType;
import io.signet.hub.Groups;
import io.signet.hub.Hub;
import io.signet.hub.HubClients;
import io.signet.hub.HubContext;
import io.signet.hub.HubOptions;
import io.signet.hub.Presence;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.observe.ConnectionEndStatus;
import io.signet.observe.HubObserver;
import io.signet.observe.ObservedHub;
import io.signet.observe.SignetObserver;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.PingMessage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one registered hub needs at run time: its methods, options, protocol, lifetime
 * manager and live connections. It is the {@link ConnectionHandler} of the hub's endpoint and the
 * hub's {@link HubContext}. Thread-safe.
 *
 * @param <H> the hub type
 */
public final class HubEndpointRuntime<H extends Hub> implements ConnectionHandler, HubContext<H> {
  private static final Logger log = LoggerFactory.getLogger(HubEndpointRuntime.class);
  private final HubMethodTable methods;
  private final HubActivator activator;
  private final HubOptions options;
  private final List<HubProtocol> protocols; // the first is the default, for the scale-out
  private final Executor executor;
  private final DefaultHubLifetimeManager localManager = new DefaultHubLifetimeManager();
  private final HubLifetimeManager lifetimeManager;
  private final DefaultHubClients clients;
  private final FilterChain filters;
  private final Authorization authorization;
  private final DefaultGroups groups;
  private final DefaultPresence presence;
  private final HubDispatcher dispatcher;
  private final Map<HubProtocol, OutboundPayload> pingPayloads = new IdentityHashMap<>();
  private final Set<HubConnectionContext> live = ConcurrentHashMap.newKeySet();
  private final HubObserver observer;
  private volatile boolean shuttingDown; // closeAll ran: connections end for the app's shutdown
  private long lastTickNanos = Long.MIN_VALUE; // owned by the caller of tick, the shared timer

  /**
   * Validates {@code hubClass} and prepares it to serve connections.
   *
   * @param factory creates hub instances, or {@code null} for the public no-argument constructor
   * @throws IllegalArgumentException naming the class and method when the hub is invalid
   */
  public HubEndpointRuntime(
      Class<H> hubClass,
      Supplier<? extends H> factory,
      HubOptions options,
      HubProtocol protocol,
      Executor executor) {
    this(hubClass, factory, options, protocol, executor, local -> local);
  }

  /**
   * Validates {@code hubClass} and prepares it to serve connections, with the lifetime manager
   * that {@code scaleOut} makes from this process's in-memory one.
   *
   * @param scaleOut the hub's lifetime manager, given the local one (identity without scale-out)
   */
  public HubEndpointRuntime(
      Class<H> hubClass,
      Supplier<? extends H> factory,
      HubOptions options,
      HubProtocol protocol,
      Executor executor,
      Function<LocalHubLifetimeManager, HubLifetimeManager> scaleOut) {
    this(hubClass, factory, options, List.of(protocol), executor, scaleOut);
  }

  /**
   * Validates {@code hubClass} and prepares it to serve connections in any of {@code protocols},
   * each client speaking the one its handshake names.
   *
   * @param protocols the hub protocols, with distinct names
   * @param scaleOut the hub's lifetime manager, given the local one (identity without scale-out)
   */
  public HubEndpointRuntime(
      Class<H> hubClass,
      Supplier<? extends H> factory,
      HubOptions options,
      List<HubProtocol> protocols,
      Executor executor,
      Function<LocalHubLifetimeManager, HubLifetimeManager> scaleOut) {
    this(null, hubClass, factory, options, protocols, executor, scaleOut, List.of());
  }

  /**
   * Validates {@code hubClass} and prepares it to serve connections at {@code path}, reported to
   * {@code observers}.
   *
   * @param path the hub's path, for observers ({@code null} outside a server)
   * @param observers asked once, here, for the hub's observers
   */
  public HubEndpointRuntime(
      String path,
      Class<H> hubClass,
      Supplier<? extends H> factory,
      HubOptions options,
      List<HubProtocol> protocols,
      Executor executor,
      Function<LocalHubLifetimeManager, HubLifetimeManager> scaleOut,
      List<SignetObserver> observers) {
    this.methods = HubMethodTable.of(hubClass);
    ClientInterface.checkDeclared(hubClass);
    this.activator = HubActivator.of(hubClass, factory);
    this.options = Objects.requireNonNull(options, "options == null");
    this.protocols = List.copyOf(protocols);
    if (this.protocols.isEmpty()) {
      throw new IllegalArgumentException("No hub protocol");
    }
    this.executor = Objects.requireNonNull(executor, "executor == null");
    this.dispatcher = new HubDispatcher(this);
    this.lifetimeManager = Objects.requireNonNull(scaleOut.apply(localManager), "lifetimeManager");
    this.groups = new DefaultGroups(lifetimeManager);
    this.presence = new DefaultPresence(lifetimeManager);
    this.clients = new DefaultHubClients(lifetimeManager, options.clientResultTimeout());
    this.filters = new FilterChain(options.filters());
    this.authorization = new Authorization(hubClass);
    for (HubProtocol protocol : this.protocols) {
      pingPayloads.put(protocol, new OutboundPayload(protocol.writeMessage(PingMessage.INSTANCE)));
    }
    ObservedHub observed = new Observed(hubClass.getSimpleName(), path);
    this.observer = CompositeHubObserver.of(
        observers.stream().map(each -> each.hub(observed)).toList());
  }

  /** This hub as its observers see it. */
  private final class Observed implements ObservedHub {
    private final String name;
    private final String path;

    Observed(String name, String path) {
      this.name = name;
      this.path = path;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public int activeConnections(TransportType transport) {
      return connectionsByTransport().get(transport);
    }

    @Override
    public long queuedBytes() {
      long bytes = 0;
      for (HubConnectionContext context : live) {
        bytes += context.queuedBytes();
      }
      return bytes;
    }
  }

  @Override
  public ConnectionListener onConnected(Connection connection) {
    HubConnectionContext context = new HubConnectionContext(connection, this);
    live.add(context);
    observer.connectionStarted(connection.transportType());
    return context;
  }

  @Override
  public void onNegotiated(Duration took) {
    observer.negotiated(took);
  }

  @Override
  public void onTransportRequest(TransportType transport) {
    observer.transportRequest(transport);
  }

  @Override
  public HubClients clients() {
    return clients;
  }

  @Override
  public Groups groups() {
    return groups;
  }

  @Override
  public Presence presence() {
    return presence;
  }

  /** Handshake timeouts, keep-alive pings and client timeouts; called about once a second. */
  public void tick(long nowNanos) {
    long previous = lastTickNanos;
    lastTickNanos = nowNanos;
    for (HubConnectionContext context : live) {
      context.tick(nowNanos, previous);
    }
  }

  /**
   * Ends every connection for shutdown: each client gets a {@code Close} that allows it to
   * reconnect, so clients with automatic reconnect come back once the server is up again.
   */
  public void closeAll() {
    shuttingDown = true;
    for (HubConnectionContext context : live) {
      context.end(new io.signet.protocol.CloseMessage(null, true), null);
    }
  }

  /** The number of connections with a transport attached; for tests and metrics. */
  public int connectionCount() {
    return live.size();
  }

  /** The connections with a transport attached, per transport (every transport listed). */
  public Map<TransportType, Integer> connectionsByTransport() {
    Map<TransportType, Integer> counts = new EnumMap<>(TransportType.class);
    for (TransportType transport : TransportType.values()) {
      counts.put(transport, 0);
    }
    for (HubConnectionContext context : live) {
      TransportType transport = context.transportType();
      if (transport != null) {
        counts.merge(transport, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** How often this hub pings idle connections; the shared timer ticks at least 4 times as often. */
  public java.time.Duration keepAliveInterval() {
    return options.keepAliveInterval();
  }

  /**
   * Whether the hub requires an authenticated user for every request ({@code @Authorize} on the
   * class): negotiate and transport requests without one are answered {@code 401}.
   */
  public boolean requiresAuthentication() {
    return authorization.requiresAuthentication();
  }

  /** The hub class. */
  public Class<? extends Hub> hubClass() {
    return methods.hubClass();
  }

  /**
   * The protocol a handshake asks for, if this hub speaks it, in that version, on
   * {@code transport}.
   *
   * @throws IllegalArgumentException with the error text for the client (ASP.NET Core's texts)
   */
  HubProtocol protocolFor(HandshakeRequest request, TransportType transport) {
    HubProtocol chosen = null;
    for (HubProtocol protocol : protocols) {
      if (protocol.name().equals(request.protocol())) {
        chosen = protocol;
        break;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(
          "The protocol '" + request.protocol() + "' is not supported.");
    }
    if (request.version() > chosen.version()) {
      throw new IllegalArgumentException("The server does not support version "
          + request.version() + " of the '" + request.protocol() + "' protocol.");
    }
    if (transport != null && !transport.carries(chosen.transferFormat())) {
      throw new IllegalArgumentException("Cannot use the '" + chosen.name()
          + "' protocol on the current transport. The transport does not support '"
          + chosen.transferFormat() + "' transfer format.");
    }
    return chosen;
  }

  /** A connection ended: forgotten, and reported to the observers once. */
  void forget(HubConnectionContext context, Throwable transportError) {
    if (!live.remove(context)) {
      return;
    }
    TransportType transport = context.transportType();
    boolean slowConsumer = transportError instanceof OutboundBufferFullException
        || transportError instanceof SendTimeoutException;
    if (slowConsumer) {
      observer.slowConsumerDisconnected(transport);
    }
    ConnectionEndStatus status = shuttingDown ? ConnectionEndStatus.APP_SHUTDOWN
        : slowConsumer || context.timedOut() ? ConnectionEndStatus.TIMEOUT
        : ConnectionEndStatus.NORMAL_CLOSURE;
    Duration lasted = Duration.ofNanos(System.nanoTime() - context.startedNanos());
    if (log.isDebugEnabled()) {
      log.debug("Connection {} ended: {}, {}, after {} ms{}", context.connectionId(), transport,
          status.attributeValue(), lasted.toMillis(),
          transportError == null ? "" : ", " + transportError.getClass().getSimpleName());
    }
    observer.connectionEnded(transport, status, lasted);
  }

  /** What this hub's observers learn. */
  public HubObserver observer() {
    return observer;
  }

  HubMethodTable methods() {
    return methods;
  }

  HubActivator activator() {
    return activator;
  }

  HubOptions options() {
    return options;
  }

  /** The protocols this hub speaks; the first is the default. */
  List<HubProtocol> protocols() {
    return protocols;
  }

  Executor executor() {
    return executor;
  }

  HubLifetimeManager lifetimeManager() {
    return lifetimeManager;
  }

  DefaultHubLifetimeManager localManager() {
    return localManager;
  }

  FilterChain filters() {
    return filters;
  }

  Authorization authorization() {
    return authorization;
  }

  HubDispatcher dispatcher() {
    return dispatcher;
  }

  OutboundPayload pingPayload(HubProtocol protocol) {
    return pingPayloads.get(protocol);
  }
}
