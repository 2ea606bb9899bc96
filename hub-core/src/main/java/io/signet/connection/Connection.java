package io.signet.connection;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
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
    /** Ended; nothing flows any more. */
    CLOSED
  }

  private final String id;
  private final String token;
  private final int negotiateVersion;
  private final long createdNanos;
  private volatile long claimedNanos;
  private final ConnectionOptions options;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Connection> onEnded;
  private final Object lock = new Object();

  // Guarded by lock. Most connections sit idle most of the time, so what only a busy connection
  // needs is created on demand: the queue is null while empty and is handed to the transport
  // whole as the next batch, and the waiters list exists only while someone waits.
  private State state = State.NEW;
  private TransportType transportType;
  private TransportSink sink;
  private ConnectionListener listener;
  private Principal user;
  private ArrayList<OutboundPayload> queue;
  private long queuedBytes;
  private boolean writing;
  private boolean closeRequested;
  private boolean corked;
  private ArrayList<Runnable> writableWaiters;
  private Throwable closeError;
  private boolean listenerNotified;

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
    List<OutboundPayload> taken;
    List<Runnable> ready;
    synchronized (lock) {
      taken = takeQueue();
      if (taken == null) {
        return List.of();
      }
      ready = takeWaiters();
    }
    runAll(ready);
    return taken;
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
    }
    ConnectionListener created = handler.onConnected(this);
    boolean endedMeanwhile;
    boolean startWriting;
    synchronized (lock) {
      listener = created;
      endedMeanwhile = state == State.CLOSED && !listenerNotified;
      if (endedMeanwhile) {
        listenerNotified = true;
      }
      // Bytes the handler queued while attaching wait for this first flush.
      startWriting = !endedMeanwhile && !writing && !corked && queue != null;
      if (startWriting) {
        writing = true;
      }
    }
    if (endedMeanwhile) {
      created.onClosed(closeError);
    } else if (startWriting) {
      flush();
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
    Objects.requireNonNull(payload, "payload == null");
    boolean startWriting;
    List<OutboundPayload> direct = null;
    TransportSink target = null;
    synchronized (lock) {
      if (state == State.CLOSED || closeRequested) {
        return false;
      }
      if (queuedBytes + payload.size() > options.maximumOutboundBufferSize()) {
        dropQueue();
        startWriting = false;
      } else if (queue == null && !writing && sink != null && !corked) {
        // Nothing queued and no write running, the usual case for a broadcast: this payload is
        // the next batch by itself, so it skips the queue.
        writing = true;
        direct = List.of(payload);
        target = sink;
        startWriting = true;
        payload = null;
      } else {
        if (queue == null) {
          queue = new ArrayList<>(4); // a write is running, or the connection is corked
        }
        queue.add(payload);
        queuedBytes += payload.size();
        startWriting = !writing && sink != null && !corked;
        if (startWriting) {
          writing = true;
        }
        payload = null;
      }
    }
    if (payload != null) {
      log.warn("Closing connection {}: its outbound buffer is full", id);
      abort(new OutboundBufferFullException(options.maximumOutboundBufferSize()));
      return false;
    }
    if (startWriting) {
      flush(direct, target);
    }
    return true;
  }

  /**
   * Ends the connection once the bytes queued so far are written (at most
   * {@link ConnectionOptions#closeTimeout()} later). Idempotent.
   *
   * @param error {@code null} for a normal end, otherwise the error reported to the transport and
   *     the listener
   */
  public void close(Throwable error) {
    boolean closeNow;
    synchronized (lock) {
      if (state == State.CLOSED || closeRequested) {
        return;
      }
      closeRequested = true;
      closeError = error;
      closeNow = !writing && !corked;
    }
    if (closeNow) {
      finish(error);
    } else {
      scheduler.schedule(() -> finish(error), options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Holds what is sent from now on until {@link #uncork()}, so that it goes to the transport as
   * one batch (the handshake response together with whatever the hub's {@code onConnected} sends,
   * including a {@code Close}: clients then see both in one transport message, in order).
   */
  public void cork() {
    synchronized (lock) {
      corked = true;
    }
  }

  /** Sends what {@link #cork()} held back, and carries out a close requested meanwhile. */
  public void uncork() {
    boolean startWriting;
    synchronized (lock) {
      corked = false;
      startWriting = !writing && sink != null && state != State.CLOSED
          && (queue != null || closeRequested);
      if (startWriting) {
        writing = true;
      }
    }
    if (startWriting) {
      flush();
    }
  }

  /**
   * Whether the outbound queue is below half its bound: producers that can wait (streams) send
   * only then, so that a slow client slows them rather than being disconnected.
   */
  public boolean isWritable() {
    synchronized (lock) {
      return queuedBytes < options.maximumOutboundBufferSize() / 2;
    }
  }

  /**
   * Runs {@code action} once the outbound queue is {@linkplain #isWritable() writable} again (at
   * once if it is), or when the connection ends. It runs on a transport or sender thread: keep it
   * short.
   */
  public void whenWritable(Runnable action) {
    Objects.requireNonNull(action, "action == null");
    boolean now;
    synchronized (lock) {
      now = state == State.CLOSED || queuedBytes < options.maximumOutboundBufferSize() / 2;
      if (!now) {
        if (writableWaiters == null) {
          writableWaiters = new ArrayList<>(1);
        }
        writableWaiters.add(action);
      }
    }
    if (now) {
      action.run();
    }
  }

  private void notifyWritable() {
    List<Runnable> ready;
    synchronized (lock) {
      ready = takeWaiters();
    }
    runAll(ready);
  }

  /** Takes whoever waits for the queue to drain; the caller holds the lock. */
  private List<Runnable> takeWaiters() {
    List<Runnable> ready = writableWaiters;
    writableWaiters = null;
    return ready;
  }

  private static void runAll(List<Runnable> actions) {
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }

  /**
   * The client said it is leaving: give its transport {@code grace} to close from its side (a
   * WebSocket client sends its close frame right after its Close message), then close from ours.
   * Closing both ends at once races: the socket can be torn down before the server's close frame
   * goes out, which clients report as an error.
   */
  public void closeAfterPeer(Duration grace) {
    synchronized (lock) {
      if (state == State.CLOSED || closeRequested) {
        return;
      }
    }
    scheduler.schedule(() -> close(null), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the connection at once, dropping queued bytes. Idempotent. */
  public void abort(Throwable error) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      dropQueue();
      closeError = error;
    }
    finish(error);
  }

  /**
   * The transport ended on its own (the peer went away or closed). Called by the transport.
   *
   * @param error {@code null} for a clean end
   */
  public void transportClosed(Throwable error) {
    finish(error);
  }

  private void flush() {
    flush(null, null);
  }

  /**
   * Writes batches until the queue is empty or a write is pending; the caller set
   * {@code writing}.
   *
   * @param batch a first batch, already taken, for {@code target}; or {@code null}
   */
  private void flush(List<OutboundPayload> batch, TransportSink target) {
    while (true) {
      if (batch == null) {
        List<Runnable> ready;
        synchronized (lock) {
          if (queue == null || state == State.CLOSED) {
            writing = false;
            if (closeRequested && state != State.CLOSED) {
              break;
            }
            return;
          }
          batch = takeQueue();
          ready = takeWaiters(); // the queue is empty now, so it is writable
          target = sink;
        }
        runAll(ready);
      }
      CompletionStage<Void> written;
      try {
        written = target.write(batch);
      } catch (RuntimeException e) {
        written = CompletableFuture.failedFuture(e);
      }
      batch = null;
      CompletableFuture<Void> future = written.toCompletableFuture();
      if (!future.isDone()) {
        future.whenComplete((ignored, failure) -> afterWrite(failure));
        return;
      }
      if (future.isCompletedExceptionally()) {
        future.whenComplete((ignored, failure) -> afterWrite(failure));
        return;
      }
    }
    Throwable error;
    synchronized (lock) {
      error = closeError;
    }
    finish(error);
  }

  /** Takes the whole queue, {@code null} when empty; the caller holds the lock. */
  private List<OutboundPayload> takeQueue() {
    List<OutboundPayload> taken = queue;
    queue = null;
    queuedBytes = 0;
    return taken;
  }

  /** Discards what is queued; the caller holds the lock. */
  private void dropQueue() {
    queue = null;
    queuedBytes = 0;
  }

  private void afterWrite(Throwable failure) {
    if (failure != null) {
      log.debug("Write to connection {} failed", id, failure);
      abort(failure);
      return;
    }
    flush();
  }

  private void finish(Throwable error) {
    TransportSink target;
    ConnectionListener toNotify;
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
      dropQueue();
    }
    notifyWritable();
    try {
      if (target != null) {
        target.close(error);
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
