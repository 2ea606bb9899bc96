package io.signet.connection;

import io.signet.connection.internal.WarningLimiter;
import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * <p>Thread-safe. No lock is held while calling the transport or the listener.
 */
public final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  /** Where a connection is in its life. */
  public enum State {
    /** Negotiated; no transport request yet. */
    NEW,
    /** A transport claimed the connection and is setting up. */
    CONNECTING,
    /** A transport is attached and bytes flow. */
    ACTIVE,
    /** Ended; nothing flows any more. */
    CLOSED
  }

  private final String id;
  private final String token;
  private final int negotiateVersion;
  private final long createdNanos;
  private volatile long claimedNanos;
  private volatile TransferFormat transferFormat = TransferFormat.Text;
  private final ConnectionOptions options;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Connection> onEnded;
  private final OutboundWriter writer;
  private final Object lock; // the writer, which guards its own fields with it too

  // Guarded by lock.
  private State state = State.NEW;
  private TransportType transportType;
  private TransportSink sink;
  private ConnectionListener listener;
  private Principal user;
  private Throwable closeError;
  private boolean listenerNotified;
  private boolean transportEnded; // the transport reported its end: nothing is left to abort
  private ScheduledFuture<?> closeDeadline; // aborts the transport unless it ends first

  /**
   * Creates a connection in state {@link State#NEW}. Called by the registry.
   *
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
    this.writer = new OutboundWriter(this, options.maximumOutboundBufferSize());
    this.lock = writer;
  }

  /** The public id, what {@code Clients.client(id)} takes. */
  public String id() {
    return id;
  }

  /** The secret token that transport requests carry as {@code id=}; never log it. */
  public String token() {
    return token;
  }

  /** The negotiate version the client asked for (0 when it skipped negotiate). */
  public int negotiateVersion() {
    return negotiateVersion;
  }

  /** When the connection was created, in {@link System#nanoTime()} terms. */
  public long createdNanos() {
    return createdNanos;
  }

  /**
   * When the connection last changed hands (created, or claimed by a transport request), in
   * {@link System#nanoTime()} terms; the registry sweeps connections stuck since then.
   */
  public long idleSinceNanos() {
    long claimed = claimedNanos;
    return claimed != 0 ? claimed : createdNanos;
  }

  /** The current state. */
  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** The transport serving this connection, or {@code null} before one claimed it. */
  public TransportType transportType() {
    synchronized (lock) {
      return transportType;
    }
  }

  /** The authenticated user of the transport request, or {@code null}. */
  public Principal user() {
    synchronized (lock) {
      return user;
    }
  }

  /** The shared timer, for transports' own timeouts (a long poll's); never block on it. */
  public ScheduledExecutorService timer() {
    return scheduler;
  }

  /** The limits this connection runs with. */
  public ConnectionOptions options() {
    return options;
  }

  /**
   * What the connection's bytes are, for transports with a choice (a WebSocket's text or binary
   * messages): {@link TransferFormat#Text} until the hub layer picks a binary protocol.
   */
  public TransferFormat transferFormat() {
    return transferFormat;
  }

  /**
   * Sets the format of everything sent from now on: the hub layer sets it once, when the
   * handshake chose a protocol, before it answers the handshake, as ASP.NET Core sets the
   * transfer format feature (so a MessagePack client gets even its handshake answer in a binary
   * message).
   */
  public void transferFormat(TransferFormat format) {
    this.transferFormat = Objects.requireNonNull(format, "format == null");
  }

  /** The attached transport's sink, or {@code null} before one is attached. */
  public TransportSink transportSink() {
    synchronized (lock) {
      return sink;
    }
  }

  /**
   * Takes every payload queued behind the batch being written, for a transport that can send
   * them together with it (a long poll answers with everything pending).
   */
  public List<OutboundPayload> takeQueued() {
    return writer.takeQueued();
  }

  /** Whether the attached transport keeps itself alive (no pings needed). */
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
    /** The connection has ended (HTTP 404). */
    CLOSED
  }

  /** Claims the connection for a transport request of {@code type}. */
  public ClaimResult claim(TransportType type, Principal requestUser) {
    Objects.requireNonNull(type, "type == null");
    synchronized (lock) {
      if (state == State.CLOSED) {
        return ClaimResult.CLOSED;
      }
      if (transportType != null && transportType != type) {
        return ClaimResult.OTHER_TRANSPORT;
      }
      if (state != State.NEW) {
        return ClaimResult.ALREADY_ACTIVE;
      }
      transportType = type;
      state = State.CONNECTING;
      claimedNanos = System.nanoTime();
      user = requestUser;
      return ClaimResult.CLAIMED;
    }
  }

  /**
   * Attaches the transport after a successful {@link #claim}: from now on bytes flow and the
   * endpoint's handler learns of the connection. Called once, by the transport.
   */
  public void attach(TransportSink transportSink, ConnectionHandler handler) {
    Objects.requireNonNull(transportSink, "transportSink == null");
    Objects.requireNonNull(handler, "handler == null");
    synchronized (lock) {
      if (state != State.CONNECTING) {
        throw new IllegalStateException("attach in state " + state);
      }
      sink = transportSink;
      state = State.ACTIVE;
      writer.attach(transportSink);
    }
    ConnectionListener created = handler.onConnected(this);
    boolean endedMeanwhile;
    synchronized (lock) {
      listener = created;
      endedMeanwhile = state == State.CLOSED && !listenerNotified;
      if (endedMeanwhile) {
        listenerNotified = true;
      }
    }
    if (endedMeanwhile) {
      created.onClosed(closeError);
    } else {
      writer.startQueued(); // bytes the handler queued while attaching wait for this first flush
    }
  }

  /**
   * Bytes from the client; called by the transport, in order.
   *
   * @return whether the connection took them ({@code false} once it has ended)
   */
  public boolean receive(ByteBuffer data) {
    ConnectionListener target;
    synchronized (lock) {
      if (state != State.ACTIVE) {
        return false;
      }
      target = listener;
    }
    if (target != null) {
      target.onReceive(data);
    }
    return true;
  }

  /**
   * Queues bytes for the client. Never blocks.
   *
   * @return {@code false} if the connection is closing or closed, or the bytes overflowed the
   *     outbound buffer (which aborts the connection)
   */
  public boolean send(OutboundPayload payload) {
    return writer.send(Objects.requireNonNull(payload, "payload == null"));
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
    boolean closeNow;
    synchronized (lock) {
      if (state == State.CLOSED || !writer.beginClose()) {
        return;
      }
      closeError = error;
      closeNow = writer.isIdle();
    }
    if (closeNow) {
      finish(error, false);
    } else {
      armCloseDeadline();
    }
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
   */
  public boolean isWritable() {
    return writer.isWritable();
  }

  /**
   * Runs {@code action} once the outbound queue is {@linkplain #isWritable() writable} again (at
   * once if it is), or when the connection ends. It runs on a transport or sender thread: keep it
   * short.
   */
  public void whenWritable(Runnable action) {
    writer.whenWritable(Objects.requireNonNull(action, "action == null"));
  }

  /**
   * The client said it is leaving: give its transport {@code grace} to close from its side (a
   * WebSocket client sends its close frame right after its Close message), then close from ours.
   * Closing both ends at once races: the socket can be torn down before the server's close frame
   * goes out, which clients report as an error.
   */
  public void closeAfterPeer(Duration grace) {
    synchronized (lock) {
      if (state == State.CLOSED || writer.isClosing()) {
        return;
      }
    }
    scheduler.schedule(() -> close(null), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Ends the connection at once, dropping queued bytes; the transport is closed (and aborted if it
   * has not closed within {@link ConnectionOptions#closeTimeout()}). Idempotent.
   */
  public void abort(Throwable error) {
    abort(error, false);
  }

  /** Ends the connection at once; {@code hard} tears the transport down without closing it. */
  private void abort(Throwable error, boolean hard) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      writer.drop();
      closeError = error;
    }
    finish(error, hard);
  }

  /**
   * The transport ended (the peer went away or closed, or a close the server began completed).
   * Called by the transport; from then on nothing is left to abort.
   *
   * @param error {@code null} for a clean end
   */
  public void transportClosed(Throwable error) {
    ScheduledFuture<?> deadline;
    synchronized (lock) {
      transportEnded = true;
      deadline = closeDeadline;
      closeDeadline = null;
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    finish(error, false);
  }

  /**
   * Aborts the connection if the transport's current write has been waiting for the network
   * longer than {@link ConnectionOptions#sendTimeout()}: the client stopped reading. Called about
   * once a second by the registry's sweep; a write is timed from the first call that sees it.
   */
  public void checkSendTimeout(long nowNanos) {
    TransportSink target;
    synchronized (lock) {
      target = state == State.ACTIVE ? sink : null;
    }
    if (target == null || !writer.isWriting()) {
      return; // the common case; the next write is another batch, timed afresh
    }
    // A batch held until the client comes back for it (a long poll between polls) is not being
    // sent: that wait is the disconnect timeout's to judge.
    boolean waitingForClient = target.idleSinceNanos() >= 0;
    if (writer.sendTimedOut(nowNanos, options.sendTimeout().toNanos(), waitingForClient)) {
      warnings.warn("Aborting a connection: a write to the client did not complete within "
          + options.sendTimeout().toMillis() + " ms", "connection " + id);
      abort(new SendTimeoutException(options.sendTimeout()), true);
    }
  }

  /**
   * Starts the close timeout, one task on the shared timer per closing connection, unless it runs
   * already or the transport has ended: the transport then has
   * {@link ConnectionOptions#closeTimeout()} to finish closing before it is aborted.
   */
  private void armCloseDeadline() {
    synchronized (lock) {
      if (transportEnded || closeDeadline != null) {
        return;
      }
      try {
        closeDeadline = scheduler.schedule(this::closeTimedOut,
            options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        // The timer stopped with its Signet; the container's own shutdown ends the socket.
      }
    }
  }

  /** The close timeout passed and the transport has not ended: tear it down. */
  private void closeTimedOut() {
    boolean drained;
    TransportSink target;
    Throwable error;
    synchronized (lock) {
      if (transportEnded) {
        return;
      }
      drained = state == State.CLOSED;
      target = sink;
      error = closeError;
    }
    log.debug("Connection {} did not close within {} ms; aborting its transport",
        id, options.closeTimeout().toMillis());
    if (!drained) {
      abort(error, true); // what was queued before the close never went out
    } else if (target != null) {
      try {
        target.abort(error); // the close itself is stuck, behind a write that never completes
      } catch (RuntimeException e) {
        log.debug("Aborting the transport of connection {} failed", id, e);
      }
    }
  }

  /** Everything queued before a requested close went out: the close goes ahead. */
  void drained() {
    Throwable error;
    synchronized (lock) {
      error = closeError;
    }
    finish(error, false);
  }

  /**
   * Ends the connection once: closes the transport ({@code hard}: aborts it), forgets the
   * connection and tells the listener, outside the lock.
   */
  private void finish(Throwable error, boolean hard) {
    TransportSink target;
    ConnectionListener toNotify;
    List<Runnable> writableWaiters;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      if (closeError == null) {
        closeError = error;
      }
      target = sink;
      toNotify = listenerNotified ? null : listener;
      if (toNotify != null) {
        listenerNotified = true;
      }
      writableWaiters = writer.markClosed();
    }
    OutboundWriter.runAll(writableWaiters);
    try {
      if (target != null && hard) {
        target.abort(error);
      } else if (target != null) {
        target.close(error);
        armCloseDeadline();
      }
    } catch (RuntimeException e) {
      log.debug("Closing the transport of connection {} failed", id, e);
    } finally {
      onEnded.accept(this);
      if (toNotify != null) {
        toNotify.onClosed(error);
      }
    }
  }
}
