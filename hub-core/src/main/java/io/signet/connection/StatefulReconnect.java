package io.signet.connection;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful reconnect of one {@link Connection} ({@link Connection#statefulReconnect()}): granted
 * at negotiate, enabled by the hub layer after a version-2 handshake, WebSockets only. While it is
 * on, trackable messages are kept until the client acknowledges them, and a transport that drops
 * without a close handshake leaves the connection {@link Connection.State#DETACHED}: a new
 * WebSocket request with the same token within {@link ConnectionOptions#disconnectTimeout()}
 * resumes it, with what the client has not acknowledged sent first; after that window the
 * registry's sweep ends it, normally. A clean close, or any end the server starts, is for good.
 *
 * <p>Thread-safe. It shares the connection's one lock (the {@link OutboundWriter}) with the
 * connection and its {@link ConnectionEnd}, and changes the connection's {@code state} and
 * {@code sink} under it. Nothing is called on a transport or a listener with the lock held.
 */
public final class StatefulReconnect {
  // Logged as the connection: this is how it survives a dropped transport.
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final Connection connection;
  private final OutboundWriter writer;
  private final Object lock;

  // Guarded by lock.
  private boolean granted; // by negotiate, until the hub layer turns it off
  private boolean resuming; // claimed by a new transport after the previous one dropped
  private long detachedNanos; // when the transport dropped, while DETACHED

  StatefulReconnect(Connection connection, OutboundWriter writer) {
    this.connection = connection;
    this.writer = writer;
    this.lock = writer;
  }

  /**
   * Negotiate granted the client stateful reconnect: it asked, and
   * {@link ConnectionOptions#allowStatefulReconnects()} allows it. Called before the client
   * learns the token; it takes effect once the hub layer {@linkplain #enable enables} it.
   */
  public void grant() {
    synchronized (lock) {
      if (connection.options().allowStatefulReconnects()
          && connection.state == Connection.State.NEW) {
        granted = true;
      }
    }
  }

  /** {@return whether negotiate granted it and nothing turned it off since} */
  public boolean isGranted() {
    synchronized (lock) {
      return granted;
    }
  }

  /**
   * Turns it on, once the hub layer agreed on it with the client (a handshake of version 2 or
   * more): from now on trackable messages are numbered and kept until acknowledged, and a dropped
   * WebSocket detaches the connection instead of ending it.
   *
   * @param sequenceMessage writes {@code Sequence{n}} in the connection's hub protocol, for the
   *     start of a resend; called under the connection's lock, so it must only serialise
   * @return whether it is on: it was granted, and the transport is a WebSocket
   */
  public boolean enable(LongFunction<OutboundPayload> sequenceMessage) {
    Objects.requireNonNull(sequenceMessage, "sequenceMessage == null");
    synchronized (lock) {
      if (!granted || connection.transportType() != TransportType.WebSockets
          || connection.state == Connection.State.CLOSED) {
        return false;
      }
      writer.enableReplay(sequenceMessage);
      return true;
    }
  }

  /**
   * Turns it off for good: the client spoke an older protocol version, asked to leave, or the
   * server is ending the connection. A transport that drops from now on ends the connection.
   */
  public void disable() {
    synchronized (lock) {
      granted = false;
      writer.disableReplay();
    }
  }

  /**
   * The client acknowledged its trackable messages up to {@code sequenceId}; any value is safe.
   *
   * @param sequenceId the highest sequence id the client acknowledged
   */
  public void acknowledge(long sequenceId) {
    writer.acknowledge(sequenceId);
  }

  /**
   * Whether the client is away: its transport dropped and no new one has taken over yet (the
   * connection is {@link Connection.State#DETACHED}, or a resuming request is setting up).
   *
   * @return whether the client is away
   */
  public boolean isDetached() {
    synchronized (lock) {
      return writer.isDetached();
    }
  }

  /** The unacknowledged bytes kept for a resend, for tests. */
  long keptBytes() {
    return writer.replayBytes();
  }

  // ---- the connection's side (it holds the lock where the name says so)

  /** Whether a dropped transport would detach the connection now. */
  boolean canDetachLocked() {
    return connection.state == Connection.State.ACTIVE && granted && writer.hasReplay()
        && !writer.isClosing();
  }

  /** Detaches from the dropped transport; the caller runs what this returns outside the lock. */
  List<Runnable> detachLocked() {
    connection.state = Connection.State.DETACHED;
    connection.sink = null;
    detachedNanos = System.nanoTime();
    return writer.detach();
  }

  /**
   * Detaches the connection from {@code from}, if that is its transport and it can resume; the
   * caller has seen {@code from} fail.
   *
   * @return whether it did
   */
  boolean detachFrom(TransportSink from) {
    List<Runnable> ready;
    synchronized (lock) {
      if (from != connection.sink || !canDetachLocked()) {
        return false;
      }
      ready = detachLocked();
    }
    OutboundWriter.runAll(ready);
    log.debug("Connection {} lost its transport; it may resume within {} ms", connection.id(),
        connection.options().disconnectTimeout().toMillis());
    return true;
  }

  /** The outcome of {@link #resumeLocked}: what to do outside the lock. */
  record Resume(Connection.ClaimResult result, TransportSink replaced, List<Runnable> ready) {}

  /**
   * A claim of a connection that is not new: resumes it if it is {@code DETACHED}, or takes over
   * from a WebSocket the server still believes open, as ASP.NET Core does (a client whose network
   * changed may come back before the server noticed). The caller holds the lock, aborts the
   * transport replaced, and runs who waited for the queue to drain.
   *
   * @param original the connection's user; {@code requested} the claiming request's, which must
   *     be the same (unlike ASP.NET Core, which logs a changed user and goes on)
   */
  Resume resumeLocked(Principal original, Principal requested) {
    if (!(connection.state == Connection.State.DETACHED || canDetachLocked())) {
      return new Resume(Connection.ClaimResult.ALREADY_ACTIVE, null, null);
    }
    if (!sameUser(original, requested)) {
      return new Resume(Connection.ClaimResult.OTHER_USER, null, null);
    }
    TransportSink replaced = null;
    List<Runnable> ready = null;
    if (connection.state == Connection.State.ACTIVE) {
      replaced = connection.sink;
      ready = detachLocked();
    }
    connection.state = Connection.State.CONNECTING;
    resuming = true;
    return new Resume(Connection.ClaimResult.CLAIMED, replaced, ready);
  }

  private static boolean sameUser(Principal original, Principal requested) {
    return original == null ? requested == null
        : requested != null && Objects.equals(original.getName(), requested.getName());
  }

  /** Whether the claim being attached resumed the connection; clears it. Under the lock. */
  boolean takeResumingLocked() {
    boolean resumed = resuming;
    resuming = false;
    return resumed;
  }

  /** Whether the connection has been {@code DETACHED} longer than the window. Under the lock. */
  boolean windowPassedLocked(long nowNanos) {
    return connection.state == Connection.State.DETACHED
        && nowNanos - detachedNanos > connection.options().disconnectTimeout().toNanos();
  }
}
