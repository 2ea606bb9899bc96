package io.signet.jetty;

import io.signet.connection.internal.WarningLimiter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.1 connections whose request body arrives slower than a minimum rate while the
 * request's handler waits for it. Without it, once a request's headers are complete, its body may
 * trickle in as slowly as the idle timeout allows (a byte every 30 s, each restarting it): a
 * handler reading it with blocking reads holds a thread meanwhile, and one reading it
 * asynchronously (the hubs' POSTs) holds a socket, so enough such requests exhaust the threads or
 * the file descriptors.
 *
 * <p>The rule: the server waits for a request's body at most the grace period plus one second for
 * every {@code bytesPerSecond} bytes received. Only the time the handler spends waiting for bytes
 * counts (from its asking for more, when none are there, until some arrive): a handler that reads
 * slowly, or not at all, is its own business, never the client's fault. A client that sends at
 * least the rate on average, after a start as slow as the grace period, is never cut off; one that
 * sends slower is closed within the grace period, plus what its bytes bought, plus a quarter of the
 * grace period (the sweep).
 *
 * <p>Why not Jetty's {@code HttpConfiguration.setMinRequestDataRate}: it is checked only when the
 * handler reads, so a blocking read waiting for the next byte goes on waiting (up to the idle
 * timeout, twice); it counts from the first byte whether or not the handler was reading
 * meanwhile; and it throws an unchecked exception into the servlet, which most servlets answer
 * with a 500.
 *
 * <p>Only requests with a body ({@code Content-Length} above 0, or chunked) are tracked, one small
 * entry each, removed when the request completes. WebSocket upgrades, long polls and event
 * streams have no body and are never affected.
 *
 * <p>Lifecycle: a bean of the connector (the sweep runs on the connector's scheduler), with
 * {@link #tracking} wrapping the server's handler. Thread-safe.
 */
final class RequestBodyRate extends AbstractLifeCycle {
  private static final Logger log = LoggerFactory.getLogger(RequestBodyRate.class);
  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
  /** The sweep's period, at least this. */
  private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final long bytesPerSecond;
  private final long graceNanos;
  private final Scheduler scheduler;
  private final WarningLimiter warnings;
  private final String cause;
  private final Set<Body> bodies = ConcurrentHashMap.newKeySet();
  private volatile Scheduler.Task sweep; // null when stopped

  /**
   * @param bytesPerSecond positive
   * @param grace positive: the waiting every body is allowed before its bytes count
   * @param warnings where closed connections are reported, one line per interval
   */
  RequestBodyRate(long bytesPerSecond, Duration grace, Scheduler scheduler,
      WarningLimiter warnings) {
    this.bytesPerSecond = bytesPerSecond;
    this.graceNanos = grace.toNanos();
    this.scheduler = scheduler;
    this.warnings = warnings;
    this.cause = "Closed a connection whose request body came slower than " + bytesPerSecond
        + " bytes/s";
  }

  /** Wraps {@code handler} so that the bodies of its requests are timed. */
  Handler tracking(Handler handler) {
    return new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        if (!hasBody(request)) {
          return super.handle(request, response, callback);
        }
        Body body = new Body(request);
        bodies.add(body);
        // Runs however the request ends: answered, failed, or not handled (Jetty's 404).
        Request.addCompletionListener(request, failure -> bodies.remove(body));
        return super.handle(body, response, callback);
      }
    };
  }

  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /** Requests with a body being handled, for tests. */
  int tracked() {
    return bodies.size();
  }

  @Override
  protected void doStart() {
    scheduleSweep();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = sweep;
    sweep = null;
    if (task != null) {
      task.cancel();
    }
  }

  private void scheduleSweep() {
    if (isStarting() || isRunning()) {
      sweep = scheduler.schedule(this::sweep, Math.max(graceNanos / 4, MIN_SWEEP_NANOS),
          TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Body body : bodies) {
        if (body.overdue(now)) {
          bodies.remove(body);
          close(body.connection);
        }
      }
    } catch (RuntimeException e) {
      log.error("Checking for slow request bodies failed", e);
    } finally {
      scheduleSweep();
    }
  }

  private void close(Connection connection) {
    EndPoint endPoint = connection.getEndPoint();
    Object remote = endPoint.getRemoteSocketAddress();
    log.debug("Closing the connection of {}: its request body came slower than {} bytes/s",
        remote, bytesPerSecond);
    warnings.warn(cause, "from " + remote);
    // The handler's pending read fails, so a thread blocked in it is released at once.
    endPoint.close();
  }

  /**
   * A request with a body, as its handler sees it: counts the bytes it reads and the time it
   * waits for more. The counts are guarded by {@link #lock}.
   */
  private final class Body extends Request.Wrapper {
    private static final long NOT_WAITING = Long.MIN_VALUE;

    final Connection connection;
    private final Object lock = new Object();
    private long bytes; // received so far
    private long waitedNanos; // waits that have ended, in total
    private long waitingSinceNanos = NOT_WAITING;

    Body(Request request) {
      super(request);
      this.connection = request.getConnectionMetaData().getConnection();
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && !Content.Chunk.isFailure(chunk)) {
        synchronized (lock) {
          bytes += chunk.remaining();
        }
        if (chunk.isLast()) {
          bodies.remove(this); // all there: nothing left to wait for
        }
      }
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      synchronized (lock) {
        if (waitingSinceNanos == NOT_WAITING) {
          waitingSinceNanos = System.nanoTime();
        }
      }
      super.demand(new Arrival(demandCallback));
    }

    void arrived() {
      synchronized (lock) {
        if (waitingSinceNanos != NOT_WAITING) {
          waitedNanos += System.nanoTime() - waitingSinceNanos;
          waitingSinceNanos = NOT_WAITING;
        }
      }
    }

    /** Whether the handler is waiting, and has waited longer than the bytes so far allow. */
    boolean overdue(long now) {
      synchronized (lock) {
        if (waitingSinceNanos == NOT_WAITING) {
          return false;
        }
        long waited = waitedNanos + (now - waitingSinceNanos);
        return waited > graceNanos && waited - graceNanos > earnedNanos();
      }
    }

    /** The waiting the bytes received have bought: a second per {@code bytesPerSecond}. */
    private long earnedNanos() {
      long seconds = bytes / bytesPerSecond;
      if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
        return Long.MAX_VALUE;
      }
      return seconds * NANOS_PER_SECOND + (bytes % bytesPerSecond) * NANOS_PER_SECOND
          / bytesPerSecond;
    }

    /** The handler's demand callback, ending the wait first; runs as the callback would. */
    private final class Arrival implements Invocable.Task {
      private final Runnable demandCallback;

      Arrival(Runnable demandCallback) {
        this.demandCallback = demandCallback;
      }

      @Override
      public void run() {
        arrived();
        demandCallback.run();
      }

      @Override
      public InvocationType getInvocationType() {
        return Invocable.getInvocationType(demandCallback);
      }
    }
  }
}
