package io.signet.hub.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionListener;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportType;
import io.signet.hub.Groups;
import io.signet.hub.Hub;
import io.signet.hub.HubClients;
import io.signet.hub.HubContext;
import io.signet.hub.HubOptions;
import io.signet.hub.Presence;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.PingMessage;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything one registered hub needs at run time: its methods, options, protocol, lifetime
 * manager and live connections. It is the {@link ConnectionHandler} of the hub's endpoint and the
 * hub's {@link HubContext}. Thread-safe.
 *
 * @param <H> the hub type
 */
public final class HubEndpointRuntime<H extends Hub> implements ConnectionHandler, HubContext<H> {
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
    this.methods = HubMethodTable.of(hubClass);
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
  }

  @Override
  public ConnectionListener onConnected(Connection connection) {
    HubConnectionContext context = new HubConnectionContext(connection, this);
    live.add(context);
    return context;
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
    for (HubConnectionContext context : live) {
      context.end(new io.signet.protocol.CloseMessage(null, true), null);
    }
  }

  /** The number of connections with a transport attached; for tests and metrics. */
  public int connectionCount() {
    return live.size();
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

  void forget(HubConnectionContext context) {
    live.remove(context);
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
