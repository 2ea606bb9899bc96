package io.signet.connection;

import io.signet.connection.internal.WarningLimiter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
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
 *
 * <p>With stateful reconnect, the writer also keeps what the client has not acknowledged
 * ({@link ReplayLog}): a trackable message is numbered and queued in one step under the monitor,
 * so the numbers follow the order on the wire. When the transport drops, the writer
 * {@linkplain #detach detaches}: what was queued is dropped (the log has every message that
 * matters), trackable messages go to the log only, and the rest (pings, acks) is dropped, as
 * meaningless to a client that is away. On {@linkplain #reattach reattaching}, the queue starts
 * with a {@code Sequence} message and the unacknowledged messages, ahead of anything sent later.
 * Each transport gets its own write loop: detaching starts a new epoch, and a write of an earlier
 * epoch that completes later is ignored.
 */
final class OutboundWriter {
  // Logged as the connection: this is its outbound half.
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final Connection connection;
  private final long limit;
  private final long replayLimit;

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
  // Stateful reconnect, guarded by this.
  private ReplayLog replay; // null unless the hub layer enabled stateful reconnect
  private LongFunction<OutboundPayload> sequenceMessage; // writes Sequence{n} in the protocol
  private boolean detached; // the transport dropped and no new one is attached yet
  private int epoch; // the current transport's write loop; bumped when a transport drops

  /**
   * @param limit the bytes that may wait before the connection is aborted
   * @param replayLimit the unacknowledged bytes a connection with stateful reconnect keeps for a
   *     client that is away
   */
  OutboundWriter(Connection connection, long limit, long replayLimit) {
    this.connection = connection;
    this.limit = limit;
    this.replayLimit = replayLimit;
  }

  /** The bytes queued behind the write in flight; for metrics. */
  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** The transport is attached; what is queued waits for {@link #startQueued()}. */
  synchronized void attach(TransportSink transportSink) {
    sink = transportSink;
  }

  /**
   * Queues a payload; see {@link Connection#send} and {@link Connection#sendTrackable}.
   *
   * @param trackable whether a client with stateful reconnect must get it exactly once
   */
  boolean send(OutboundPayload payload, boolean trackable) {
    boolean startWriting;
    List<OutboundPayload> direct = null;
    TransportSink target = null;
    int loop;
    IOException overflow = null;
    String why = null;
    synchronized (this) {
      if (closed || closing) {
        return false;
      }
      boolean kept = trackable && replay != null;
      loop = epoch;
      if (kept && replay.bytes() + payload.size() > replayBound()) {
        overflow = detached ? new StatefulReconnectBufferFullException(replayLimit)
            : new OutboundBufferFullException(replayBound());
        why = detached ? "its client was away and its messages filled the stateful reconnect "
            + "buffer (HubOptions.statefulReconnectBufferSize, " + replayLimit + " bytes)"
            : "its client left more than " + replayBound() + " bytes unacknowledged (HubOptions"
            + ".maximumOutboundBufferSize or statefulReconnectBufferSize, the larger)";
        dropQueue();
        startWriting = false;
      } else if (detached) {
        if (kept) {
          replay.add(payload); // sent when the client comes back
        }
        return true;
      } else if (queuedBytes + payload.size() > limit) {
        overflow = new OutboundBufferFullException(limit);
        why = "its outbound buffer is full (HubOptions.maximumOutboundBufferSize, " + limit
            + " bytes)";
        dropQueue();
        startWriting = false;
      } else {
        if (kept) {
          replay.add(payload);
        }
        if (queue == null && !writing && sink != null && !corked) {
          // Nothing queued and no write running, the usual case for a broadcast: this payload
          // is the next batch by itself, so it skips the queue.
          writing = true;
          batchesStarted++;
          direct = List.of(payload);
          target = sink;
          startWriting = true;
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
        }
      }
    }
    if (overflow != null) {
      warnings.warn("Closing a connection: " + why, "connection " + connection.id());
      connection.abort(overflow);
      return false;
    }
    if (startWriting) {
      flush(direct, target, loop);
    }
    return true;
  }

  /**
   * The most unacknowledged bytes kept: while the client is away, the stateful reconnect
   * buffer; while it is there, as much as a slow client may have waiting (or the buffer, if
   * larger): producers that can wait already pause at the buffer's size. The caller holds the
   * monitor.
   */
  private long replayBound() {
    return detached ? replayLimit : Math.max(limit, replayLimit);
  }

  /** Starts writing what was queued before the transport was attached. */
  void startQueued() {
    boolean startWriting;
    int loop;
    synchronized (this) {
      startWriting = !closed && !writing && !corked && sink != null && queue != null;
      if (startWriting) {
        writing = true;
      }
      loop = epoch;
    }
    if (startWriting) {
      flush(null, null, loop);
    }
  }

  synchronized void cork() {
    corked = true;
  }

  void uncork() {
    boolean startWriting;
    int loop;
    synchronized (this) {
      corked = false;
      startWriting = !writing && sink != null && !closed && (queue != null || closing);
      if (startWriting) {
        writing = true;
      }
      loop = epoch;
    }
    if (startWriting) {
      flush(null, null, loop);
    }
  }

  synchronized boolean isWritable() {
    return writable();
  }

  void whenWritable(Runnable action) {
    boolean now;
    synchronized (this) {
      now = closed || writable();
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
      ready = takeWaitersIfWritable();
    }
    runAll(ready);
    return taken;
  }

  // ---- stateful reconnect (the connection holds the monitor when it calls the synchronized ones)

  /** Keeps trackable messages from now on, until acknowledged. */
  synchronized void enableReplay(LongFunction<OutboundPayload> sequenceWriter) {
    if (replay == null && !closed) {
      replay = new ReplayLog();
      sequenceMessage = sequenceWriter;
    }
  }

  /** Keeps nothing more: the connection will not be resumed. */
  synchronized void disableReplay() {
    replay = null;
    sequenceMessage = null;
  }

  synchronized boolean hasReplay() {
    return replay != null;
  }

  synchronized boolean isDetached() {
    return detached;
  }

  /**
   * The transport dropped: drops the queue and the write loop, and keeps what is trackable
   * until {@link #reattach}.
   *
   * @return whoever waited for the queue to drain, now writable, to be run outside the lock
   */
  synchronized List<Runnable> detach() {
    sink = null;
    detached = true;
    epoch++;
    writing = false;
    timedBatch = -1;
    dropQueue();
    return takeWaitersIfWritable();
  }

  /**
   * A new transport took over: the queue becomes {@code Sequence{first kept}} and the kept
   * messages, in order, ahead of anything sent from now on; {@link #startQueued} sends them. The
   * kept messages do not count against the outbound buffer again: the log holds them already.
   */
  synchronized void reattach(TransportSink transportSink) {
    sink = transportSink;
    detached = false;
    ArrayList<OutboundPayload> resend = new ArrayList<>(replay.size() + 1);
    resend.add(sequenceMessage.apply(replay.resendFrom()));
    replay.addKeptTo(resend);
    if (queue != null) {
      resend.addAll(queue); // cannot happen while detached, but order is kept if it ever does
    }
    queue = resend;
  }

  /** The client acknowledged every message up to {@code sequenceId}. */
  void acknowledge(long sequenceId) {
    List<Runnable> ready;
    synchronized (this) {
      if (replay == null) {
        return;
      }
      replay.acknowledge(sequenceId);
      ready = takeWaitersIfWritable();
    }
    runAll(ready);
  }

  /** The kept bytes, for tests. */
  synchronized long replayBytes() {
    return replay == null ? 0 : replay.bytes();
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
    replay = null;
    sequenceMessage = null;
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
   * {@code writing}. Ends the connection if it was asked to close and everything went out. Stops
   * when its transport was dropped ({@code loop} is no longer the epoch): the next transport
   * runs a loop of its own.
   *
   * @param batch a first batch, already taken, for {@code target}; or {@code null}
   * @param loop the epoch this loop writes for
   */
  private void flush(List<OutboundPayload> batch, TransportSink target, int loop) {
    while (true) {
      if (batch == null) {
        List<Runnable> ready;
        synchronized (this) {
          if (loop != epoch) {
            return;
          }
          if (queue == null || closed) {
            writing = false;
            if (!closing || closed) {
              return;
            }
            break;
          }
          batch = takeQueue();
          ready = takeWaitersIfWritable(); // the queue is empty now
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
        TransportSink writtenTo = target;
        future.whenComplete((ignored, failure) -> afterWrite(writtenTo, loop, failure));
        return;
      }
    }
    connection.drained();
  }

  private void afterWrite(TransportSink target, int loop, Throwable failure) {
    synchronized (this) {
      if (loop != epoch) {
        return; // written to a transport that was dropped meanwhile: nothing to go on with
      }
    }
    if (failure != null) {
      connection.writeFailed(target, failure);
      return;
    }
    flush(null, null, loop);
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

  /**
   * Whether producers that can wait should send: the queue is below half its bound, and the
   * client has acknowledged enough to keep the unacknowledged bytes below the stateful reconnect
   * buffer. The caller holds the monitor.
   */
  private boolean writable() {
    return queuedBytes < limit / 2 && (replay == null || replay.bytes() < replayLimit);
  }

  /** {@link #takeWaiters()} if {@link #writable()}; the caller holds the monitor. */
  private List<Runnable> takeWaitersIfWritable() {
    return writable() ? takeWaiters() : null;
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
