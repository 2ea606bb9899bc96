package io.signet.connection.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionDirectory;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.TransportSink;
import io.signet.connection.TransportType;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connections of one endpoint, keyed by their secret token. Connections leave it when they
 * end; negotiated connections that no transport ever claims are swept after the disconnect
 * timeout. Thread-safe.
 */
public final class ConnectionRegistry {
  private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final Map<String, Connection> byToken = new ConcurrentHashMap<>();
  /** Ended long-polling connections, by token, with when they ended: their next poll gets 204. */
  private final Map<String, Long> endedPolling = new ConcurrentHashMap<>();
  private final ConnectionIds ids = new ConnectionIds();
  private final ConnectionOptions options;
  private final ScheduledExecutorService scheduler;
  private final ConnectionDirectory directory; // null without a scale-out
  private final ConnectionLimits limits;
  /** The user each connection was counted for, by token, where the per-user limit counts it. */
  private final Map<String, String> countedUsers = new ConcurrentHashMap<>();
  /** One callback shared by every connection, rather than a method reference made per create. */
  private final Consumer<Connection> onEnded = this::forget;

  public ConnectionRegistry(ConnectionOptions options, ScheduledExecutorService scheduler) {
    this(options, scheduler, null, new ConnectionLimits(0, 0));
  }

  /**
   * A registry whose connections' ends are reported to {@code directory}.
   *
   * @param directory the cluster's connection directory, or {@code null} on a single node
   * @param limits the server's connection limits, shared by the registries of all its hubs
   */
  public ConnectionRegistry(ConnectionOptions options, ScheduledExecutorService scheduler,
      ConnectionDirectory directory, ConnectionLimits limits) {
    this.options = options;
    this.scheduler = scheduler;
    this.directory = directory;
    this.limits = limits;
  }

  /** The limits of this registry's connections. */
  public ConnectionOptions options() {
    return options;
  }

  /** The server's connection limits. */
  ConnectionLimits limits() {
    return limits;
  }

  /** The cluster's connection directory, or {@code null} on a single node. */
  public ConnectionDirectory directory() {
    return directory;
  }

  /**
   * Draws the ids of a new connection without creating it: {@code [id, token]}, equal for
   * negotiate version 0.
   */
  String[] drawIds(int negotiateVersion) {
    String[] drawn = ids.next(negotiateVersion >= 1 ? 2 : 1);
    return negotiateVersion >= 1 ? drawn : new String[] {drawn[0], drawn[0]};
  }

  /**
   * Registers a connection negotiated elsewhere (another node of the cluster, or this one through
   * the directory) under its ids; returns the one already registered under {@code token}, if any.
   *
   * @param user the name of the user asking for it, or {@code null}, for the per-user limit
   * @throws ConnectionLimitException if the server or the user holds its maximum of connections
   */
  Connection adopt(String id, String token, int negotiateVersion, String user) {
    Connection existing = byToken.get(token);
    if (existing != null) {
      return existing;
    }
    limits.acquire(user);
    Connection created =
        new Connection(id, token, negotiateVersion, options, scheduler, onEnded);
    existing = byToken.putIfAbsent(token, created);
    if (existing != null) {
      limits.release(user);
      return existing;
    }
    if (user != null) {
      countedUsers.put(token, user);
    }
    log.debug("Connection {} created", id);
    return created;
  }

  /**
   * Creates and registers a connection. With negotiate version 0 the id doubles as the token, as
   * the protocol requires; from version 1 on the token is a second, independent random value.
   *
   * @param user the name of the user asking for it, or {@code null}, for the per-user limit
   * @throws ConnectionLimitException if the server or the user holds its maximum of connections
   */
  Connection create(int negotiateVersion, String user) {
    String[] drawn = drawIds(negotiateVersion);
    return adopt(drawn[0], drawn[1], negotiateVersion, user);
  }

  /** Creates and registers a connection of nobody in particular (tests, tools). */
  public Connection create(int negotiateVersion) {
    return create(negotiateVersion, null);
  }

  /** The connection with this token, or {@code null}. */
  public Connection find(String token) {
    return token == null ? null : byToken.get(token);
  }

  /**
   * Whether {@code token} belonged to a long-polling connection that ended within the disconnect
   * timeout. Its client may still have a poll on the way, which must learn of the end with
   * {@code 204} rather than fail with {@code 404}.
   */
  public boolean endedRecently(String token) {
    return token != null && endedPolling.containsKey(token);
  }

  /** The number of registered connections. */
  public int size() {
    return byToken.size();
  }

  /** Every registered connection (a live view). */
  public Collection<Connection> connections() {
    return byToken.values();
  }

  /**
   * Ends connections that got no working transport within the disconnect timeout, those whose
   * client with stateful reconnect did not come back within it, and those whose transport write
   * outlived the send timeout. Called periodically by the shared timer.
   */
  public void sweep(long nowNanos) {
    long limit = options.disconnectTimeout().toNanos();
    endedPolling.values().removeIf(ended -> nowNanos - ended > limit);
    for (Connection connection : byToken.values()) {
      Connection.State state = connection.state();
      if ((state == Connection.State.NEW || state == Connection.State.CONNECTING)
          && nowNanos - connection.idleSinceNanos() > limit) {
        // Negotiated but never used, or a transport request that never came up.
        log.debug("Connection {} has no transport; discarding it", connection.id());
        connection.abort(null);
      } else if (state == Connection.State.ACTIVE) {
        // A client that stopped reading: its write has been waiting for the network too long.
        connection.checkSendTimeout(nowNanos);
        // A long-polling client that stopped polling.
        TransportSink sink = connection.transportSink();
        long idleSince = sink == null ? -1 : sink.idleSinceNanos();
        if (idleSince >= 0 && nowNanos - idleSince > limit) {
          log.debug("Connection {} stopped polling; ending it", connection.id());
          connection.transportClosed(null);
        }
      } else if (state == Connection.State.DETACHED) {
        connection.checkDetached(nowNanos);
      }
    }
  }

  /** Ends every connection, for shutdown. */
  public void closeAll() {
    for (Connection connection : byToken.values()) {
      connection.close(null);
    }
  }

  private void forget(Connection connection) {
    if (!byToken.remove(connection.token(), connection)) {
      return; // never registered, or forgotten already
    }
    limits.release(countedUsers.remove(connection.token()));
    if (connection.transportType() == TransportType.LongPolling) {
      endedPolling.put(connection.token(), System.nanoTime());
    }
    if (directory != null && connection.transportType() != null) {
      directory.ended(connection.token());
    }
    log.debug("Connection {} ended", connection.id());
  }
}
