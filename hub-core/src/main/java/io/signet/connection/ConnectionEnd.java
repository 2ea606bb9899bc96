package io.signet.connection;

import io.signet.connection.internal.WarningLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link Connection} ends, once: a close that lets queued bytes drain first, an abort, the
 * transport's own end, and the two timeouts that keep a client that stops reading from holding
 * its socket (the send timeout, judged by the registry's sweep, and the close timeout, one task
 * on the shared timer per closing connection).
 *
 * <p>It shares the connection's one lock (the {@link OutboundWriter}): its own fields below and
 * the connection's {@code state}, {@code sink} and {@code listener} change together under it.
 * Nothing is called on the transport or the listener with the lock held.
 */
final class ConnectionEnd {
  // Logged as the connection: this is how it ends.
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final Connection connection;
  private final OutboundWriter writer;
  private final Object lock;

  // Guarded by lock.
  private Throwable closeError;
  private boolean listenerNotified;
  private boolean transportEnded; // the transport reported its end: nothing is left to abort
  private ScheduledFuture<?> closeDeadline; // aborts the transport unless it ends first

  ConnectionEnd(Connection connection, OutboundWriter writer) {
    this.connection = connection;
    this.writer = writer;
    this.lock = writer;
  }

  /** A new transport is attached; the caller holds the lock. */
  void attachedLocked() {
    transportEnded = false;
  }

  /**
   * The listener was just installed; the caller holds the lock. Returns whether the connection
   * ended meanwhile and the caller must tell the listener (with {@link #closeErrorLocked()}).
   */
  boolean listenerInstalledLocked() {
    boolean endedMeanwhile = connection.state == Connection.State.CLOSED && !listenerNotified;
    if (endedMeanwhile) {
      listenerNotified = true;
    }
    return endedMeanwhile;
  }

  Throwable closeErrorLocked() {
    return closeError;
  }

  /** See {@link Connection#close}. */
  void close(Throwable error) {
    boolean closeNow;
    synchronized (lock) {
      if (connection.state == Connection.State.CLOSED || !writer.beginClose()) {
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

  /** See {@link Connection#closeAfterPeer}. */
  void closeAfterPeer(Duration grace) {
    synchronized (lock) {
      if (connection.state == Connection.State.CLOSED || writer.isClosing()) {
        return;
      }
    }
    connection.timer().schedule(() -> close(null), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the connection at once; {@code hard} tears the transport down without closing it. */
  void abort(Throwable error, boolean hard) {
    synchronized (lock) {
      if (connection.state == Connection.State.CLOSED) {
        return;
      }
      writer.drop();
      closeError = error;
    }
    finish(error, hard);
  }

  /**
   * The transport {@code from} ended ({@code null}: whichever is attached); from then on nothing
   * is left to abort. The end of a transport the connection no longer uses is ignored.
   */
  void transportEnded(TransportSink from, Throwable error) {
    ScheduledFuture<?> deadline;
    synchronized (lock) {
      if (from != null && from != connection.sink) {
        return;
      }
      transportEnded = true;
      deadline = closeDeadline;
      closeDeadline = null;
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    finish(error, false);
  }

  /** See {@link Connection#checkSendTimeout}. */
  void checkSendTimeout(long nowNanos) {
    TransportSink target;
    synchronized (lock) {
      target = connection.state == Connection.State.ACTIVE ? connection.sink : null;
    }
    if (target == null || !writer.isWriting()) {
      return; // the common case; the next write is another batch, timed afresh
    }
    // A batch held until the client comes back for it (a long poll between polls) is not being
    // sent: that wait is the disconnect timeout's to judge.
    boolean waitingForClient = target.idleSinceNanos() >= 0;
    Duration timeout = connection.options().sendTimeout();
    if (writer.sendTimedOut(nowNanos, timeout.toNanos(), waitingForClient)) {
      warnings.warn("Aborting a connection: a write to the client did not complete within "
          + timeout.toMillis() + " ms", "connection " + connection.id());
      SendTimeoutException stalled = new SendTimeoutException(timeout);
      if (connection.statefulReconnect().detachFrom(target)) {
        abortQuietly(target, stalled); // the socket only: the client may resume on a new one
      } else {
        abort(stalled, true);
      }
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
        closeDeadline = connection.timer().schedule(this::closeTimedOut,
            connection.options().closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
      drained = connection.state == Connection.State.CLOSED;
      target = connection.sink;
      error = closeError;
    }
    log.debug("Connection {} did not close within {} ms; aborting its transport",
        connection.id(), connection.options().closeTimeout().toMillis());
    if (!drained) {
      abort(error, true); // what was queued before the close never went out
    } else if (target != null) {
      abortQuietly(target, error); // the close is stuck, behind a write that never completes
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
    Ending ending;
    synchronized (lock) {
      ending = endLocked(error);
    }
    complete(ending, hard);
  }

  /** What ending the connection leaves to do outside the lock. */
  record Ending(TransportSink target, ConnectionListener toNotify,
      List<Runnable> writableWaiters, Throwable error) {}

  /**
   * Marks the connection ended, once, dropping what was queued; the caller holds the lock and
   * passes the result to {@link #complete}. {@code null} if it had ended already.
   */
  Ending endLocked(Throwable error) {
    if (connection.state == Connection.State.CLOSED) {
      return null;
    }
    connection.state = Connection.State.CLOSED;
    if (closeError == null) {
      closeError = error;
    }
    ConnectionListener toNotify = listenerNotified ? null : connection.listener;
    if (toNotify != null) {
      listenerNotified = true;
    }
    return new Ending(connection.sink, toNotify, writer.markClosed(), error);
  }

  /** Carries out an {@link Ending} outside the lock; does nothing for {@code null}. */
  void complete(Ending ending, boolean hard) {
    if (ending == null) {
      return;
    }
    OutboundWriter.runAll(ending.writableWaiters());
    TransportSink target = ending.target();
    try {
      if (target != null && hard) {
        target.abort(ending.error());
      } else if (target != null) {
        target.close(ending.error());
        armCloseDeadline();
      }
    } catch (RuntimeException e) {
      log.debug("Closing the transport of connection {} failed", connection.id(), e);
    } finally {
      connection.ended();
      if (ending.toNotify() != null) {
        ending.toNotify().onClosed(ending.error());
      }
    }
  }

  /** Aborts {@code target}, logging rather than throwing. */
  void abortQuietly(TransportSink target, Throwable error) {
    try {
      target.abort(error);
    } catch (RuntimeException e) {
      log.debug("Aborting the transport of connection {} failed", connection.id(), e);
    }
  }
}
