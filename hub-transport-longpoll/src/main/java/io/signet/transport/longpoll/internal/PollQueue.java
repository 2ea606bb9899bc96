package io.signet.transport.longpoll.internal;

import io.signet.connection.AsyncResponseWriter;
import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-polling side of one {@link Connection}: at most one waiting poll, and at most one batch
 * the connection wrote while no poll was waiting. A poll takes that batch plus everything queued
 * behind it, so each response carries all that is pending. A newer poll ends an older one with
 * {@code 204}; so does the end of the connection.
 *
 * <p>Answers that carry messages are paced ({@code longPollPacing}): one that would follow the
 * previous sooner waits out the rest, gathering what arrives meanwhile. A client that gets a
 * message now and then gets it at once; a busy one gets several per poll.
 *
 * <p>A poll whose answer is being written is the connection's write in flight: if the client
 * stops reading it, the connection's send timeout {@linkplain #abort aborts} it. A batch held
 * between polls waits for the client, not the network ({@link #idleSinceNanos}), and is left to
 * the disconnect timeout.
 */
public final class PollQueue implements TransportSink {
  private static final Logger log = LoggerFactory.getLogger(PollQueue.class);

  private final Connection connection;
  private final Object lock = new Object();

  // Guarded by lock.
  private Poll waiting;
  private Poll delivering; // the poll whose answer is being written
  private List<OutboundPayload> held;
  private CompletableFuture<Void> heldDone;
  private boolean closed;
  private long idleSinceNanos = System.nanoTime();
  // Pacing: answers that carry messages are at least pacingNanos apart, so a busy client gets
  // what arrived meanwhile in one answer rather than one poll per message.
  private final long pacingNanos;
  private boolean answeredBefore;
  private long lastAnswerNanos;
  private ScheduledFuture<?> pacedRelease; // a held batch goes to the waiting poll then

  private PollQueue(Connection connection) {
    this.connection = connection;
    this.pacingNanos = connection.options().longPollPacing().toNanos();
  }

  /** Answers the first poll at once with an empty {@code 200} and starts the hub session. */
  public static void first(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    PollQueue queue = new PollQueue(connection);
    // Attached before the client hears back, so that its first POST finds the connection active.
    connection.attach(queue, handler);
    noCache(response);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/octet-stream");
    response.setContentLength(0);
    response.flushBuffer();
  }

  /** A later poll: answered with what is pending, or parked until data or the poll timeout. */
  public void poll(HttpServletRequest request, HttpServletResponse response) throws IOException {
    noCache(response);
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the poll timeout below answers first, with an empty 200
    Poll poll = new Poll(async, new AsyncResponseWriter(async));
    async.addListener(poll);
    Poll superseded;
    List<OutboundPayload> batch = null;
    CompletableFuture<Void> batchDone = null;
    boolean end;
    synchronized (lock) {
      superseded = waiting;
      waiting = null;
      end = closed;
      long paceNanos = end || held == null ? 0 : pacingDelayNanos();
      if (!end && held != null && paceNanos <= 0) {
        batch = held;
        batchDone = heldDone;
        held = null;
        heldDone = null;
        answered(poll);
      } else if (!end && held != null) {
        waiting = poll; // answered when the pacing delay is over
        releaseAfter(paceNanos);
      } else if (!end) {
        try {
          poll.timeout = connection.timer().schedule(() -> expire(poll),
              connection.options().longPollTimeout().toMillis(), TimeUnit.MILLISECONDS);
          waiting = poll;
        } catch (RejectedExecutionException shuttingDown) {
          end = true; // the timer stopped: the server is going away; the poll learns so now
        }
      }
      idleSinceNanos = -1;
    }
    if (superseded != null) {
      superseded.finish(HttpServletResponse.SC_NO_CONTENT);
    }
    if (end) {
      poll.finish(HttpServletResponse.SC_NO_CONTENT);
    } else if (batch != null) {
      deliver(poll, batch, batchDone);
    }
  }

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    Poll poll;
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        done.completeExceptionally(new IOException("The connection has ended"));
        return done;
      }
      poll = waiting;
      long paceNanos = poll == null ? 0 : pacingDelayNanos();
      if (poll == null || paceNanos > 0) {
        // Held for the next poll, or for this one once the pacing delay is over; the connection
        // queues what follows meanwhile, and the answer takes it all.
        held = batch;
        heldDone = done;
        if (poll != null) {
          releaseAfter(paceNanos);
        }
        return done;
      }
      waiting = null;
      answered(poll);
    }
    deliver(poll, batch, done);
    return done;
  }

  /** How long an answer with messages must still wait; zero or less when it may go now. */
  private long pacingDelayNanos() {
    return answeredBefore ? lastAnswerNanos + pacingNanos - System.nanoTime() : 0;
  }

  /** {@code poll} is answered with messages now; the caller holds the lock. */
  private void answered(Poll poll) {
    answeredBefore = true;
    lastAnswerNanos = System.nanoTime();
    delivering = poll;
  }

  private void releaseAfter(long delayNanos) {
    if (pacedRelease == null) {
      try {
        pacedRelease = connection.timer().schedule(this::releaseHeld, delayNanos,
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        log.debug("Connection {}: no paced answer, the server is shutting down", connection.id());
      }
    }
  }

  /** The pacing delay is over: the held batch goes to the waiting poll, if both are still there. */
  private void releaseHeld() {
    Poll poll;
    List<OutboundPayload> batch;
    CompletableFuture<Void> batchDone;
    synchronized (lock) {
      pacedRelease = null;
      if (closed || waiting == null || held == null) {
        return;
      }
      poll = waiting;
      batch = held;
      batchDone = heldDone;
      waiting = null;
      held = null;
      heldDone = null;
      answered(poll);
    }
    deliver(poll, batch, batchDone);
  }

  @Override
  public void close(Throwable error) {
    Poll poll;
    CompletableFuture<Void> dropped;
    boolean answering;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      answering = delivering != null;
      poll = waiting;
      waiting = null;
      if (pacedRelease != null) {
        pacedRelease.cancel(false);
        pacedRelease = null;
      }
      dropped = heldDone;
      held = null;
      heldDone = null;
    }
    if (dropped != null) {
      dropped.completeExceptionally(new IOException("The connection has ended"));
    }
    if (poll != null) {
      poll.finish(HttpServletResponse.SC_NO_CONTENT);
    }
    if (!answering) {
      connection.transportClosed(null); // nothing is left to write; an answer ends on its own
    }
  }

  /**
   * Also ends a poll whose answer is being written: completing its response makes the container
   * drop the connection with what is unsent.
   */
  @Override
  public void abort(Throwable error) {
    close(error);
    Poll answering;
    synchronized (lock) {
      answering = delivering;
      delivering = null;
    }
    if (answering != null) {
      log.debug("Connection {}: aborting the poll answer being written", connection.id());
      answering.end();
      connection.transportClosed(null);
    }
  }

  @Override
  public boolean hasInherentKeepAlive() {
    return true;
  }

  @Override
  public long idleSinceNanos() {
    synchronized (lock) {
      return idleSinceNanos;
    }
  }

  private void deliver(Poll poll, List<OutboundPayload> batch, CompletableFuture<Void> done) {
    List<OutboundPayload> all = new ArrayList<>(batch);
    all.addAll(connection.takeQueued());
    byte[] body = OutboundPayload.concat(all);
    poll.cancelTimeout();
    HttpServletResponse response = (HttpServletResponse) poll.async.getResponse();
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/octet-stream");
    response.setContentLength(body.length);
    poll.writer.write(body, true).whenComplete((ignored, failure) -> {
      boolean ended;
      synchronized (lock) {
        if (delivering == poll) {
          delivering = null;
        }
        ended = closed;
      }
      poll.end();
      if (ended) {
        connection.transportClosed(null); // the answer was the last thing the transport held
      }
      if (failure != null) {
        done.completeExceptionally(failure);
      } else {
        done.complete(null);
      }
    });
  }

  private void expire(Poll poll) {
    synchronized (lock) {
      if (waiting != poll) {
        return;
      }
      waiting = null;
    }
    HttpServletResponse response = (HttpServletResponse) poll.async.getResponse();
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain");
    response.setContentLength(0);
    poll.end();
  }

  private void pollEnded(Poll poll) {
    synchronized (lock) {
      if (waiting == poll) {
        waiting = null; // the client went away mid-poll
      }
      if (waiting == null && !closed) {
        idleSinceNanos = System.nanoTime();
      }
    }
  }

  private static void noCache(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-cache, no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
  }

  /** One parked poll request. */
  private final class Poll implements AsyncListener {
    final AsyncContext async;
    final AsyncResponseWriter writer;
    ScheduledFuture<?> timeout; // guarded by PollQueue.lock

    Poll(AsyncContext async, AsyncResponseWriter writer) {
      this.async = async;
      this.writer = writer;
    }

    void cancelTimeout() {
      ScheduledFuture<?> pending;
      synchronized (lock) {
        pending = timeout;
      }
      if (pending != null) {
        pending.cancel(false);
      }
    }

    /** Ends this poll with an empty response of {@code status}. */
    void finish(int status) {
      cancelTimeout();
      try {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        if (!response.isCommitted()) {
          response.setStatus(status);
          response.setContentLength(0);
        }
      } catch (IllegalStateException alreadyDone) {
        log.trace("Poll of connection {} already ended", connection.id());
      }
      end();
    }

    void end() {
      writer.complete();
      pollEnded(this);
    }

    @Override
    public void onComplete(AsyncEvent event) {
      pollEnded(this);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      end();
    }

    @Override
    public void onError(AsyncEvent event) {
      cancelTimeout();
      end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
