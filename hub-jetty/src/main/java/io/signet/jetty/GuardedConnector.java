package io.signet.jetty;

import io.signet.connection.internal.WarningLimiter;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's connector, with the warnings that a flood of connections causes limited: when the
 * process runs out of file descriptors, every accept fails, and Jetty writes a WARN with a stack
 * trace for each (once a second per acceptor thread, for as long as the flood lasts). Here they go
 * through a {@link WarningLimiter}: one line per cause and interval, with a count. The pause after
 * a failure is kept: accepting again at once would only fail again, at full speed.
 *
 * <p>The limiter is flushed periodically on the connector's scheduler while it runs.
 */
final class GuardedConnector extends ServerConnector {
  /** Jetty's own pause after a failed accept. */
  private static final long ACCEPT_PAUSE_MILLIS = 1000;

  private final WarningLimiter warnings;
  private final long flushNanos;
  private volatile Scheduler.Task flush; // null when stopped

  GuardedConnector(Server server, WarningLimiter warnings, long flushNanos,
      ConnectionFactory factory) {
    super(server, factory);
    this.warnings = warnings;
    this.flushNanos = flushNanos;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    scheduleFlush();
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task task = flush;
    flush = null;
    if (task != null) {
      task.cancel();
    }
    super.doStop();
  }

  private void scheduleFlush() {
    if (isStarting() || isRunning()) {
      flush = getScheduler().schedule(() -> {
        try {
          warnings.flush();
        } finally {
          scheduleFlush();
        }
      }, flushNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  protected boolean handleAcceptFailure(Throwable failure) {
    if (!isRunning() || failure instanceof InterruptedException
        || failure instanceof ClosedByInterruptException) {
      // Stopping: Jetty's own handling, which logs at DEBUG and ends the acceptor.
      return super.handleAcceptFailure(failure);
    }
    warnings.warn("Accepting a connection failed, " + failure.getClass().getName(),
        String.valueOf(failure.getMessage()));
    try {
      Thread.sleep(ACCEPT_PAUSE_MILLIS); // a back-off, as Jetty's: not a synchronisation
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
