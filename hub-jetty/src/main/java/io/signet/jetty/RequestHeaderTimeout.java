package io.signet.jetty;

import io.signet.connection.internal.WarningLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.1 connections that take longer than the timeout to send a request's headers
 * (slowloris). Jetty's idle timeout cannot: it restarts with every byte, so a client sending one
 * header byte every few seconds keeps its socket for ever, and enough of them exhaust the file
 * descriptors. Jetty 12 has no header timeout of its own, hence this, on its public API only:
 *
 * <ul>
 *   <li>a new connection must have a request's headers complete within the timeout of being
 *       accepted;
 *   <li>on a kept-alive connection, the next request's headers must be complete within the timeout
 *       of its first bytes being seen. A kept-alive connection on which nothing arrives is left to
 *       the connector's idle timeout, as before, so clients that reuse connections are not cut
 *       off between requests;
 *   <li>while a request is being handled (a long poll, an event stream, a slow hub method), the
 *       connection is not timed: the request's own timeouts govern it. A WebSocket is no longer an
 *       HTTP connection once upgraded and is not timed either.
 * </ul>
 *
 * <p>A sweep every quarter of the timeout checks the connections, so one is closed between the
 * timeout and one and a half times it. It keeps no state per request and one small entry per
 * open HTTP connection, removed when the connection closes.
 *
 * <p>Lifecycle: a bean of the connector (the sweep runs on the connector's scheduler), with
 * {@link #listener()} on the HTTP connection factory and {@link #tracking} wrapping the server's
 * handler. Thread-safe.
 */
final class RequestHeaderTimeout extends AbstractLifeCycle {
  private static final Logger log = LoggerFactory.getLogger(RequestHeaderTimeout.class);
  /** The sweep's period, at least this. */
  private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final long timeoutNanos;
  private final String timeoutText;
  private final Scheduler scheduler;
  private final WarningLimiter warnings;
  private final Map<Connection, Timed> connections = new ConcurrentHashMap<>();
  private volatile Scheduler.Task sweep; // null when stopped

  /**
   * @param timeout positive
   * @param warnings where closed connections are reported, one line per interval
   */
  RequestHeaderTimeout(Duration timeout, Scheduler scheduler, WarningLimiter warnings) {
    this.timeoutNanos = timeout.toNanos();
    this.timeoutText = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s"
        : timeout.toMillis() + " ms";
    this.scheduler = scheduler;
    this.warnings = warnings;
  }

  /** Tracks each connection of the factory it is added to, from opening to closing. */
  Connection.Listener listener() {
    return new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        connections.put(connection, new Timed(System.nanoTime()));
      }

      @Override
      public void onClosed(Connection connection) {
        // Also when the connection is upgraded to a WebSocket: it stops being HTTP.
        connections.remove(connection);
      }
    };
  }

  /** Wraps {@code handler} to see when each request begins and ends. */
  Handler tracking(Handler handler) {
    return new Handler.Wrapper(handler) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        Timed timed = connections.get(connection);
        if (timed != null) {
          timed.began();
          // Runs however the request ends: answered, failed, or not handled (Jetty's 404).
          Request.addCompletionListener(request, failure -> timed.ended(connection.getBytesIn()));
        }
        return super.handle(request, response, callback);
      }
    };
  }

  /** Open HTTP connections being tracked, for tests. */
  int tracked() {
    return connections.size();
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
      sweep = scheduler.schedule(this::sweep, Math.max(timeoutNanos / 4, MIN_SWEEP_NANOS),
          TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      connections.forEach((connection, timed) -> {
        if (timed.overdue(now, connection.getBytesIn(), timeoutNanos)) {
          close(connection);
        }
      });
    } catch (RuntimeException e) {
      log.error("Checking for slow request headers failed", e);
    } finally {
      scheduleSweep();
    }
  }

  private void close(Connection connection) {
    connections.remove(connection);
    EndPoint endPoint = connection.getEndPoint();
    if (endPoint.getConnection() != connection) {
      return; // upgraded meanwhile: no longer an HTTP connection
    }
    Object remote = endPoint.getRemoteSocketAddress();
    log.debug("Closing the connection of {}: no complete request headers within {}", remote,
        timeoutText);
    warnings.warn("Closed a connection that sent no complete request headers within "
        + timeoutText, "from " + remote);
    endPoint.close();
  }

  /** The state of one connection; guarded by itself. */
  private static final class Timed {
    private static final long NONE = Long.MIN_VALUE;

    private final long openedNanos;
    private int active; // requests being handled
    private boolean served; // whether a request has begun
    private long bytesAtRest; // bytes read when the last request ended
    private long pendingSinceNanos = NONE; // when a sweep first saw bytes of an unfinished request

    Timed(long openedNanos) {
      this.openedNanos = openedNanos;
    }

    synchronized void began() {
      active++;
      served = true;
      pendingSinceNanos = NONE;
    }

    synchronized void ended(long bytesIn) {
      active--;
      bytesAtRest = bytesIn;
      pendingSinceNanos = NONE;
    }

    synchronized boolean overdue(long now, long bytesIn, long timeoutNanos) {
      if (active > 0) {
        return false;
      }
      if (!served) {
        return now - openedNanos >= timeoutNanos;
      }
      if (bytesIn == bytesAtRest) {
        pendingSinceNanos = NONE; // idle between requests: the idle timeout's business
        return false;
      }
      if (pendingSinceNanos == NONE) {
        // The bytes came at most a sweep ago: the timeout counts from here, never from earlier.
        pendingSinceNanos = now;
        return false;
      }
      return now - pendingSinceNanos >= timeoutNanos;
    }
  }
}
