package io.signet.connection;

import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical client connection: created by negotiate (or by a WebSocket request without
 * negotiate), served by one transport, ended once.
 *
 * <p>Outbound bytes go through a bounded queue drained by one write at a time; a client that falls
 * more than {@link ConnectionOptions#maximumOutboundBufferSize()} behind is disconnected with an
 * {@link OutboundBufferFullException}. Inbound bytes go straight to the {@link ConnectionListener}.
 *
 * <p>Two timeouts keep a client that stops reading from holding its socket: a write that has not
 * completed within {@link ConnectionOptions#sendTimeout()} aborts the transport (checked by the
 * registry's sweep, {@link #checkSendTimeout}), and a transport that has not finished closing
 * within {@link ConnectionOptions#closeTimeout()} of the close is aborted.
 *
 * <p>With stateful reconnect (granted at negotiate, enabled by the hub layer after a version-2
 * handshake, WebSockets only), a transport that drops without a close handshake leaves the
 * connection {@link State#DETACHED} instead of ending it: what the hub sends meanwhile is kept
 * (up to {@link ConnectionOptions#statefulReconnectBufferSize()}), and a new WebSocket request
 * with the same token within {@link ConnectionOptions#disconnectTimeout()} resumes it, first
 * resending what the client has not acknowledged. After that window the registry's sweep ends it
 * ({@link #checkDetached}). A clean close, or any end the server starts, ends it for good.
 *
 * <p>Thread-safe. No lock is held while calling the transport or the listener.
 */
public final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** Where a connection is in its life. */
  public enum State {
    /** Negotiated; no transport request yet. */
    NEW,
    /** A transport claimed the connection and is setting up. */
    CONNECTING,
    /** A transport is attached and bytes flow. */
    ACTIVE,
    /**
     * Stateful reconnect: the transport dropped and the client may come back with a new one
     * within the disconnect timeout.
     */
    DETACHED,
    /** Ended; nothing flows any more. */
    CLOSED
  }

  private final String id;
  private final String token;
  private final int negotiateVersion;
  private final long createdNanos;
  private volatile long claimedNanos;
  private volatile TransferFormat transferFormat = TransferFormat.Text;
  private volatile ConnectionRequest request; // set by each claim that changes hands
  private final ConnectionOptions options;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Connection> onEnded;
  private final OutboundWriter writer;
  private final ConnectionEnd end;
  private final StatefulReconnect statefulReconnect;
  // The writer, which guards its own fields with it too, as do the end and stateful reconnect.
  private final Object lock;

  // Guarded by lock; the end and stateful reconnect read and write the first three too.
  State state = State.NEW;
  TransportSink sink;
  ConnectionListener listener;
  private TransportType transportType;
  private Principal user;
  private int attachments; // transports attached so far; bytes carry the number of theirs

  /**
   * Creates a connection in state {@link State#NEW}. Called by the registry.
   *
   * @param id the public id
   * @param token the secret connection token
   * @param negotiateVersion the negotiate version the client asked for
   * @param options the limits it runs with
   * @param scheduler the shared timer
   * @param onEnded called once when the connection ends, to forget it
   */
  public Connection(
      String id,
      String token,
      int negotiateVersion,
      ConnectionOptions options,
      ScheduledExecutorService scheduler,
      Consumer<Connection> onEnded) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.token = Objects.requireNonNull(token, "token == null");
    this.negotiateVersion = negotiateVersion;
    this.options = Objects.requireNonNull(options, "options == null");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    this.onEnded = Objects.requireNonNull(onEnded, "onEnded == null");
    this.createdNanos = System.nanoTime();
    this.writer = new OutboundWriter(
        this, options.maximumOutboundBufferSize(), options.statefulReconnectBufferSize());
    this.lock = writer;
    this.end = new ConnectionEnd(this, writer);
    this.statefulReconnect = new StatefulReconnect(this, writer);
  }

  /** {@return the public id, what {@code Clients.client(id)} takes} */
  public String id() {
    return id;
  }

  /** {@return the secret token that transport requests carry as {@code id=}; never log it} */
  public String token() {
    return token;
  }

  /** {@return the negotiate version the client asked for (0 when it skipped negotiate)} */
  public int negotiateVersion() {
    return negotiateVersion;
  }

  /** {@return when the connection was created, in {@link System#nanoTime()} terms} */
  public long createdNanos() {
    return createdNanos;
  }

  /**
   * When the connection last changed hands (created, or claimed by a transport request), in
   * {@link System#nanoTime()} terms; the registry sweeps connections stuck since then.
   *
   * @return the time, in nanoseconds
   */
  public long idleSinceNanos() {
    long claimed = claimedNanos;
    return claimed != 0 ? claimed : createdNanos;
  }

  /** {@return the current state} */
  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** {@return the transport serving this connection, or {@code null} before one claimed it} */
  public TransportType transportType() {
    synchronized (lock) {
      return transportType;
    }
  }

  /** {@return the authenticated user of the transport request, or {@code null}} */
  public Principal user() {
    synchronized (lock) {
      return user;
    }
  }

  /**
   * The HTTP request that connected (the last resume's, with stateful reconnect), or
   * {@code null} for a connection no HTTP request claimed (an in-memory one).
   *
   * @return the request, or {@code null}
   */
  public ConnectionRequest request() {
    return request;
  }

  /** {@return the shared timer, for transports' own timeouts (a long poll's); never block on it} */
  public ScheduledExecutorService timer() {
    return scheduler;
  }

  /** {@return the limits this connection runs with} */
  public ConnectionOptions options() {
    return options;
  }

  /**
   * What the connection's bytes are, for transports with a choice (a WebSocket's text or binary
   * messages): {@link TransferFormat#Text} until the hub layer picks a binary protocol.
   *
   * @return the format
   */
  public TransferFormat transferFormat() {
    return transferFormat;
  }

  /**
   * Sets the format of everything sent from now on: the hub layer sets it once, when the
   * handshake chose a protocol, before it answers the handshake, as ASP.NET Core sets the
   * transfer format feature (so a MessagePack client gets even its handshake answer in a binary
   * message).
   *
   * @param format the format of the protocol chosen
   */
  public void transferFormat(TransferFormat format) {
    this.transferFormat = Objects.requireNonNull(format, "format == null");
  }

  /** {@return the attached transport's sink, or {@code null} before one is attached} */
  public TransportSink transportSink() {
    synchronized (lock) {
      return sink;
    }
  }

  /**
   * Takes every payload queued behind the batch being written, for a transport that can send
   * them together with it (a long poll answers with everything pending).
   *
   * @return the payloads, in order; empty when none is queued
   */
  public List<OutboundPayload> takeQueued() {
    return writer.takeQueued();
  }

  /** {@return whether the attached transport keeps itself alive (no pings needed)} */
  public boolean hasInherentKeepAlive() {
    synchronized (lock) {
      return sink != null && sink.hasInherentKeepAlive();
    }
  }

  /** The outcome of {@link #claim}. */
  public enum ClaimResult {
    /** The caller now owns the connection's transport. */
    CLAIMED,
    /** Another transport type already serves it (HTTP 400). */
    OTHER_TRANSPORT,
    /** A transport of this type is already active (HTTP 409). */
    ALREADY_ACTIVE,
    /** A resuming request's user is not the connection's (HTTP 403). */
    OTHER_USER,
    /** The connection has ended (HTTP 404). */
    CLOSED
  }

  /**
   * Claims the connection for a transport request of {@code type}. With stateful reconnect
   * enabled, a WebSocket request resumes the connection: one that is {@link State#DETACHED}, or
   * one whose WebSocket the server still believes open, which is then aborted, as ASP.NET Core
   * does (a client whose network changed may come back before the server noticed the drop).
   *
   * @param type the transport of the request
   * @param requestUser the request's authenticated user, or {@code null}
   * @return whether the request got the connection, and why not
   */
  public ClaimResult claim(TransportType type, Principal requestUser) {
    return claim(type, requestUser, () -> null);
  }

  /**
   * As {@link #claim(TransportType, Principal)}, keeping what {@code request} gives as
   * {@link #request()} when the claim succeeds; a repeated request of the same transport (the
   * next poll) is refused here, so the request kept is the one that connected.
   *
   * @param type the transport of the request
   * @param requestUser the request's authenticated user, or {@code null}
   * @param request supplies the request's copy, called only when the claim succeeds
   * @return whether the request got the connection, and why not
   */
  public ClaimResult claim(TransportType type, Principal requestUser,
      Supplier<ConnectionRequest> request) {
    ClaimResult result = takeClaim(type, requestUser);
    if (result == ClaimResult.CLAIMED) {
      // Before the transport attaches, which publishes it to the hub layer's threads.
      ConnectionRequest connecting = request.get();
      if (connecting != null) {
        this.request = connecting;
      }
    }
    return result;
  }

  private ClaimResult takeClaim(TransportType type, Principal requestUser) {
    Objects.requireNonNull(type, "type == null");
    StatefulReconnect.Resume resume;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return ClaimResult.CLOSED;
      }
      if (transportType != null && transportType != type) {
        return ClaimResult.OTHER_TRANSPORT;
      }
      if (state == State.NEW) {
        transportType = type;
        state = State.CONNECTING;
        claimedNanos = System.nanoTime();
        user = requestUser;
        return ClaimResult.CLAIMED;
      }
      resume = statefulReconnect.resumeLocked(user, requestUser);
      if (resume.result() == ClaimResult.CLAIMED) {
        claimedNanos = System.nanoTime();
      }
    }
    OutboundWriter.runAll(resume.ready());
    if (resume.replaced() != null) {
      log.debug("Connection {} resumes on a new WebSocket; aborting the one it replaces", id);
      end.abortQuietly(resume.replaced(), null);
    }
    return resume.result();
  }

  /**
   * Attaches the transport after a successful {@link #claim}: from now on bytes flow and the
   * endpoint's handler learns of the connection. Called once per claim, by the transport. When
   * the claim resumed the connection, the listener learns of it instead
   * ({@link ConnectionListener#onReattached}), and what the client has not acknowledged goes out
   * first.
   *
   * @param transportSink where the connection's bytes go
   * @param handler the endpoint's handler
   */
  public void attach(TransportSink transportSink, ConnectionHandler handler) {
    Objects.requireNonNull(transportSink, "transportSink == null");
    Objects.requireNonNull(handler, "handler == null");
    boolean resumed;
    ConnectionListener current;
    int attachment;
    synchronized (lock) {
      if (state != State.CONNECTING) {
        throw new IllegalStateException("attach in state " + state);
      }
      sink = transportSink;
      state = State.ACTIVE;
      end.attachedLocked();
      attachment = ++attachments;
      resumed = statefulReconnect.takeResumingLocked();
      current = listener;
      if (resumed) {
        writer.reattach(transportSink);
      } else {
        writer.attach(transportSink);
      }
    }
    if (resumed) {
      log.debug("Connection {} resumed on a new transport", id);
      current.onReattached(attachment); // before the new transport delivers anything
      writer.startQueued();
      return;
    }
    ConnectionListener created = handler.onConnected(this);
    Throwable endedWith = null;
    boolean endedMeanwhile;
    synchronized (lock) {
      listener = created;
      endedMeanwhile = end.listenerInstalledLocked();
      if (endedMeanwhile) {
        endedWith = end.closeErrorLocked();
      }
    }
    if (endedMeanwhile) {
      created.onClosed(endedWith);
    } else {
      writer.startQueued(); // bytes the handler queued while attaching wait for this first flush
    }
  }

  /**
   * Bytes from the client; called by the transport, in order.
   *
   * @param data the bytes, from its position to its limit; only valid during the call
   * @return whether the connection took them ({@code false} once it has ended)
   */
  public boolean receive(ByteBuffer data) {
    return receive(null, data);
  }

  /**
   * Bytes from the client through {@code from}; called by transports that may be replaced
   * (WebSockets, with stateful reconnect), in order. Bytes of a transport that is no longer the
   * connection's are refused.
   *
   * @param from the transport they came through
   * @param data the bytes, from its position to its limit; only valid during the call
   * @return whether the connection took them ({@code false} once it has ended, or once
   *     {@code from} was replaced)
   */
  public boolean receive(TransportSink from, ByteBuffer data) {
    ConnectionListener target;
    int attachment;
    synchronized (lock) {
      if (state != State.ACTIVE || (from != null && from != sink)) {
        return false;
      }
      target = listener;
      attachment = attachments;
    }
    if (target != null) {
      target.onReceive(data, attachment);
    }
    return true;
  }

  /**
   * Queues bytes for the client. Never blocks. While the connection is
   * {@linkplain State#DETACHED detached}, they are dropped: use {@link #sendTrackable} for what
   * the client must get.
   *
   * @param payload the bytes, framed
   * @return {@code false} if the connection is closing or closed, or the bytes overflowed the
   *     outbound buffer (which aborts the connection)
   */
  public boolean send(OutboundPayload payload) {
    return writer.send(Objects.requireNonNull(payload, "payload == null"), false);
  }

  /**
   * Queues a message the client must get exactly once: SignalR's trackable messages
   * (invocations, stream items, completions, stream invocations, cancels). With stateful
   * reconnect it is kept until the client acknowledges it and sent again on a new transport;
   * otherwise this is {@link #send}. Never blocks.
   *
   * @param payload the bytes, framed
   * @return as {@link #send}; also {@code false} if the stateful reconnect buffer overflowed
   *     while the client was away (which ends the connection)
   */
  public boolean sendTrackable(OutboundPayload payload) {
    return writer.send(Objects.requireNonNull(payload, "payload == null"), true);
  }

  // ---- stateful reconnect

  /**
   * This connection's stateful reconnect: off unless negotiate granted it and the hub layer
   * enabled it.
   *
   * @return the connection's stateful reconnect, never {@code null}
   */
  public StatefulReconnect statefulReconnect() {
    return statefulReconnect;
  }

  /**
   * Ends the connection, as a normal end, if it has been {@link State#DETACHED} longer than the
   * disconnect timeout: its client did not come back. Called about once a second by the
   * registry's sweep.
   *
   * @param nowNanos the time now, in {@link System#nanoTime()} terms
   */
  public void checkDetached(long nowNanos) {
    ConnectionEnd.Ending ending;
    synchronized (lock) {
      if (!statefulReconnect.windowPassedLocked(nowNanos)) {
        return;
      }
      ending = end.endLocked(null); // atomically, so that no resuming request slips in between
    }
    log.debug("Connection {} was not resumed within {} ms; ending it", id,
        options.disconnectTimeout().toMillis());
    end.complete(ending, false);
  }

  /**
   * Ends the connection once the bytes queued so far are written. If those bytes and the
   * transport's close are not through within {@link ConnectionOptions#closeTimeout()}, the
   * transport is aborted. Idempotent.
   *
   * @param error {@code null} for a normal end, otherwise the error reported to the transport and
   *     the listener
   */
  public void close(Throwable error) {
    end.close(error);
  }

  /**
   * Holds what is sent from now on until {@link #uncork()}, so that it goes to the transport as
   * one batch (the handshake response together with whatever the hub's {@code onConnected} sends,
   * including a {@code Close}: clients then see both in one transport message, in order).
   */
  public void cork() {
    writer.cork();
  }

  /** Sends what {@link #cork()} held back, and carries out a close requested meanwhile. */
  public void uncork() {
    writer.uncork();
  }

  /**
   * Whether the outbound queue is below half its bound: producers that can wait (streams) send
   * only then, so that a slow client slows them rather than being disconnected.
   *
   * @return whether producers that can wait may send
   */
  public boolean isWritable() {
    return writer.isWritable();
  }

  /**
   * Runs {@code action} once the outbound queue is {@linkplain #isWritable() writable} again (at
   * once if it is), or when the connection ends. It runs on a transport or sender thread: keep it
   * short.
   *
   * @param action what to run
   */
  public void whenWritable(Runnable action) {
    writer.whenWritable(Objects.requireNonNull(action, "action == null"));
  }

  /**
   * The client said it is leaving: give its transport {@code grace} to close from its side (a
   * WebSocket client sends its close frame right after its Close message), then close from ours.
   * Closing both ends at once races: the socket can be torn down before the server's close frame
   * goes out, which clients report as an error.
   *
   * @param grace how long the transport has to close from the client's side
   */
  public void closeAfterPeer(Duration grace) {
    end.closeAfterPeer(grace);
  }

  /**
   * Ends the connection at once, dropping queued bytes; the transport is closed (and aborted if it
   * has not closed within {@link ConnectionOptions#closeTimeout()}). Idempotent.
   *
   * @param error why, reported to the transport and the listener; {@code null} for no error
   */
  public void abort(Throwable error) {
    end.abort(error, false);
  }

  /**
   * The transport ended (the peer went away or closed, or a close the server began completed).
   * Called by the transport; from then on nothing is left to abort.
   *
   * @param error {@code null} for a clean end
   */
  public void transportClosed(Throwable error) {
    end.transportEnded(null, error);
  }

  /**
   * The transport {@code from} ended with a close handshake (the peer closed, or a close the
   * server began completed), which ends the connection for good. Called by transports that may
   * be replaced (WebSockets); the end of a transport already replaced is ignored.
   *
   * @param from the transport that ended
   * @param error {@code null} for a clean end
   */
  public void transportClosed(TransportSink from, Throwable error) {
    end.transportEnded(Objects.requireNonNull(from, "from == null"), error);
  }

  /**
   * The transport {@code from} went away without a close handshake: the network dropped, or the
   * peer vanished. With stateful reconnect enabled the connection is then
   * {@linkplain State#DETACHED detached}, waiting for its client; otherwise this is
   * {@link #transportClosed(TransportSink, Throwable)}.
   *
   * @param from the transport that went away
   * @param cause why, if known
   */
  public void transportLost(TransportSink from, Throwable cause) {
    if (!statefulReconnect.detachFrom(Objects.requireNonNull(from, "from == null"))) {
      end.transportEnded(from, cause); // which ignores it too if from was replaced already
    }
  }

  /**
   * A write to {@code target} failed: the transport is lost, or the connection ends. A failure
   * of a transport the connection no longer uses (dropped or replaced meanwhile) ends nothing.
   */
  void writeFailed(TransportSink target, Throwable failure) {
    log.debug("Write to connection {} failed", id, failure);
    if (statefulReconnect.detachFrom(target)) {
      return;
    }
    boolean current;
    synchronized (lock) {
      current = target == sink;
    }
    if (current) {
      end.abort(failure, false);
    }
  }

  /**
   * Aborts the connection if the transport's current write has been waiting for the network
   * longer than {@link ConnectionOptions#sendTimeout()}: the client stopped reading. Called about
   * once a second by the registry's sweep; a write is timed from the first call that sees it.
   * With stateful reconnect only the transport is aborted, and the connection detaches, as
   * ASP.NET Core marks it inactive: the client may come back on a new socket.
   *
   * @param nowNanos the time now, in {@link System#nanoTime()} terms
   */
  public void checkSendTimeout(long nowNanos) {
    end.checkSendTimeout(nowNanos);
  }

  /**
   * The bytes queued for this connection behind the write in flight, not yet handed to the
   * transport; for metrics.
   *
   * @return the bytes queued
   */
  public long queuedBytes() {
    return writer.queuedBytes();
  }

  /** Everything queued before a requested close went out: the close goes ahead. */
  void drained() {
    end.drained();
  }

  /** The connection ended: the registry forgets it. Called once, by the end. */
  void ended() {
    onEnded.accept(this);
  }
}
