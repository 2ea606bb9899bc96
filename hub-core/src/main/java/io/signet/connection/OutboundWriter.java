package io.signet.connection;

import io.signet.connection.internal.WarningLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a {@link Connection}: a bounded queue drained by one write at a time into
 * the transport's {@link TransportSink}. The first sender becomes the writer and hands everything
 * queued to the transport as one batch; the write's completion writes the next batch.
 * Synchronous completions loop instead of recursing. Producers never block: past the bound the
 * connection is aborted.
 *
 * <p>This object is also the connection's lock: one monitor guards the fields of both, so the
 * connection's end and the queue change together, and an idle connection carries no separate lock
 * object. Most connections sit idle most of the time, so what only a busy connection needs is
 * created on demand: the queue is null while empty and is handed to the transport whole as the
 * next batch, and the waiters list exists only while someone waits. Nothing is called on the
 * transport or the connection with the monitor held.
 */
final class OutboundWriter {
  // Logged as the connection: this is its outbound half.
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final Connection connection;
  private final long limit;

  // Guarded by this.
  private TransportSink sink;
  private ArrayList<OutboundPayload> queue;
  private long queuedBytes;
  private ArrayList<Runnable> writableWaiters;
  private boolean writing;
  private boolean corked;
  private boolean closing;
  private boolean closed;
  // The send clock, guarded by this: each batch handed to the transport is counted, and the
  // periodic check notes which batch it saw in flight and since when. A write is so timed without
  // a clock read or a timer task of its own, and caught between one and two checks past the
  // timeout, which a timeout of seconds allows.
  private long batchesStarted;
  private long timedBatch = -1; // -1: none
  private long timedSinceNanos;

  /** @param limit the bytes that may wait before the connection is aborted */
  OutboundWriter(Connection connection, long limit) {
    this.connection = connection;
    this.limit = limit;
  }

  /** The transport is attached; what is queued waits for {@link #startQueued()}. */
  synchronized void attach(TransportSink transportSink) {
    sink = transportSink;
  }

  /** Queues a payload; see {@link Connection#send}. */
  boolean send(OutboundPayload payload) {
    boolean startWriting;
    List<OutboundPayload> direct = null;
    TransportSink target = null;
    synchronized (this) {
      if (closed || closing) {
        return false;
      }
      if (queuedBytes + payload.size() > limit) {
        dropQueue();
        startWriting = false;
      } else if (queue == null && !writing && sink != null && !corked) {
        // Nothing queued and no write running, the usual case for a broadcast: this payload is
        // the next batch by itself, so it skips the queue.
        writing = true;
        batchesStarted++;
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
      warnings.warn("Closing a connection: its outbound buffer is full (HubOptions."
          + "maximumOutboundBufferSize, " + limit + " bytes)", "connection " + connection.id());
      connection.abort(new OutboundBufferFullException(limit));
      return false;
    }
    if (startWriting) {
      flush(direct, target);
    }
    return true;
  }

  /** Starts writing what was queued before the transport was attached. */
  void startQueued() {
    boolean startWriting;
    synchronized (this) {
      startWriting = !closed && !writing && !corked && sink != null && queue != null;
      if (startWriting) {
        writing = true;
      }
    }
    if (startWriting) {
      flush(null, null);
    }
  }

  synchronized void cork() {
    corked = true;
  }

  void uncork() {
    boolean startWriting;
    synchronized (this) {
      corked = false;
      startWriting = !writing && sink != null && !closed && (queue != null || closing);
      if (startWriting) {
        writing = true;
      }
    }
    if (startWriting) {
      flush(null, null);
    }
  }

  synchronized boolean isWritable() {
    return queuedBytes < limit / 2;
  }

  void whenWritable(Runnable action) {
    boolean now;
    synchronized (this) {
      now = closed || queuedBytes < limit / 2;
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

  List<OutboundPayload> takeQueued() {
    List<OutboundPayload> taken;
    List<Runnable> ready;
    synchronized (this) {
      taken = takeQueue();
      if (taken == null) {
        return List.of();
      }
      ready = takeWaiters();
    }
    runAll(ready);
    return taken;
  }

  // ---- the connection's end (the connection holds the monitor when it calls these)

  /** Marks the close requested; {@code false} if it already was. */
  synchronized boolean beginClose() {
    if (closing) {
      return false;
    }
    closing = true;
    return true;
  }

  synchronized boolean isClosing() {
    return closing;
  }

  /** Whether no write runs and none is held back, so a close can end the connection now. */
  synchronized boolean isIdle() {
    return !writing && !corked;
  }

  /** Discards what is queued. */
  synchronized void drop() {
    dropQueue();
  }

  /**
   * The connection ended: nothing is written any more.
   *
   * @return whoever waited for the queue to drain, to be {@linkplain #runAll run} outside the lock
   */
  synchronized List<Runnable> markClosed() {
    closed = true;
    dropQueue();
    return takeWaiters();
  }

  // ---- the send timeout

  /** Whether a write is running, the cheap test before {@link #sendTimedOut}. */
  synchronized boolean isWriting() {
    return writing && !closed;
  }

  /**
   * Whether the batch in flight has been waiting for the network for {@code timeoutNanos}, judged
   * from the first call that saw it.
   *
   * @param waitingForClient the transport holds the batch until the client asks for it, which
   *     does not count as sending
   */
  synchronized boolean sendTimedOut(long nowNanos, long timeoutNanos, boolean waitingForClient) {
    if (closed || !writing || waitingForClient) {
      timedBatch = -1;
      return false;
    }
    if (timedBatch != batchesStarted) {
      timedBatch = batchesStarted;
      timedSinceNanos = nowNanos;
      return false;
    }
    return nowNanos - timedSinceNanos >= timeoutNanos;
  }

  // ---- the writer

  /**
   * Writes batches until the queue is empty or a write is pending; the caller set
   * {@code writing}. Ends the connection if it was asked to close and everything went out.
   *
   * @param batch a first batch, already taken, for {@code target}; or {@code null}
   */
  private void flush(List<OutboundPayload> batch, TransportSink target) {
    while (true) {
      if (batch == null) {
        List<Runnable> ready;
        synchronized (this) {
          if (queue == null || closed) {
            writing = false;
            if (!closing || closed) {
              return;
            }
            break;
          }
          batch = takeQueue();
          ready = takeWaiters(); // the queue is empty now, so it is writable
          target = sink;
          batchesStarted++;
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
      if (!future.isDone() || future.isCompletedExceptionally()) {
        future.whenComplete((ignored, failure) -> afterWrite(failure));
        return;
      }
    }
    connection.drained();
  }

  private void afterWrite(Throwable failure) {
    if (failure != null) {
      log.debug("Write to connection {} failed", connection.id(), failure);
      connection.abort(failure);
      return;
    }
    flush(null, null);
  }

  /** Takes the whole queue, {@code null} when empty; the caller holds the monitor. */
  private List<OutboundPayload> takeQueue() {
    List<OutboundPayload> taken = queue;
    queue = null;
    queuedBytes = 0;
    return taken;
  }

  /** Discards what is queued; the caller holds the monitor. */
  private void dropQueue() {
    queue = null;
    queuedBytes = 0;
  }

  /** Takes whoever waits for the queue to drain; the caller holds the monitor. */
  private List<Runnable> takeWaiters() {
    List<Runnable> ready = writableWaiters;
    writableWaiters = null;
    return ready;
  }

  /** Runs {@code actions}, if any; called outside the monitor. */
  static void runAll(List<Runnable> actions) {
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }
}
