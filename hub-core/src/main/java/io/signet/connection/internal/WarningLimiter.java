package io.signet.connection.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Writes the warnings that hostile clients can cause at most once per cause and interval: the
 * first of a cause is written at once, the ones after it within the interval are only counted,
 * and the count is written when the interval is over ({@link #flush()}, or the next warning of
 * that cause after it). A flood of abusive connections then leaves one line per cause and
 * interval, with how many it stands for, instead of one line per connection.
 *
 * <p>Signet's own per-connection warnings go through {@link #forLogger}: limiters that live as
 * long as the process, flushed by every running {@code Signet}'s timer ({@link #flushAll()}).
 *
 * <p>Thread-safe; the sink is called outside the lock.
 */
public final class WarningLimiter {
  /** Where the lines go: a logger's WARN in production, a recorder in tests. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param error what to write with the line, or {@code null}
     */
    void warn(String line, Throwable error);
  }

  /** One line per cause per minute. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /**
   * Causes are chosen by the code (a text and perhaps a method name), so few; the bound only
   * keeps a surprise from growing the map. Past it, warnings are written unlimited.
   */
  private static final int MAX_CAUSES = 256;
  private static final List<WarningLimiter> SHARED = new CopyOnWriteArrayList<>();

  private final Sink sink;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new HashMap<>(); // guarded by this

  /** The current interval of one cause. */
  private static final class Window {
    long startedNanos;
    long heldBack;
    String lastDetail;
  }

  public WarningLimiter(Sink sink, Duration interval, LongSupplier nanoTime) {
    this.sink = Objects.requireNonNull(sink, "sink == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval <= 0: " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
  }

  /**
   * A limiter writing to {@code logger}'s WARN once per cause and {@link #DEFAULT_INTERVAL},
   * flushed by {@link #flushAll()}. Meant for a {@code static final} field: it is never released.
   */
  public static WarningLimiter forLogger(Logger logger) {
    WarningLimiter limiter = new WarningLimiter(
        (line, error) -> {
          if (error == null) {
            logger.warn("{}", line);
          } else {
            logger.warn("{}", line, error);
          }
        },
        DEFAULT_INTERVAL, System::nanoTime);
    SHARED.add(limiter);
    return limiter;
  }

  /** Flushes every limiter made by {@link #forLogger}. Called periodically. */
  public static void flushAll() {
    for (WarningLimiter limiter : SHARED) {
      limiter.flush();
    }
  }

  /**
   * Writes {@code cause: detail}, unless a warning of the same cause was written less than an
   * interval ago; then it is counted toward the next line.
   *
   * @param cause what happened, the same text each time (the key of the limit)
   * @param detail what varies, such as the connection's id or the client's address
   */
  public void warn(String cause, String detail) {
    warn(cause, detail, null);
  }

  /**
   * As {@link #warn(String, String)}, with {@code error} written with the line if the line is
   * written; a warning held back loses its error (the first of the interval has one).
   */
  public void warn(String cause, String detail, Throwable error) {
    String line;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      Window window = windows.get(cause);
      if (window == null) {
        if (windows.size() >= MAX_CAUSES) {
          line = cause + ": " + detail;
        } else {
          window = new Window();
          windows.put(cause, window);
          line = open(window, now, cause + ": " + detail);
        }
      } else if (now - window.startedNanos < intervalNanos) {
        window.heldBack++;
        window.lastDetail = detail;
        return;
      } else {
        line = open(window, now, cause + ": " + detail + heldBackText(window));
      }
    }
    sink.warn(line, error);
  }

  private static String open(Window window, long now, String line) {
    window.startedNanos = now;
    window.heldBack = 0;
    window.lastDetail = null;
    return line;
  }

  private static String heldBackText(Window window) {
    return window.heldBack == 0 ? ""
        : " (and " + window.heldBack + " more since the last such line)";
  }

  /**
   * Writes the count of each cause whose interval is over and that had warnings held back, and
   * starts a new interval for it; forgets causes that stayed quiet for a whole interval, so that
   * their next warning is written at once. Called periodically.
   */
  public void flush() {
    List<String> lines = new ArrayList<>();
    synchronized (this) {
      long now = nanoTime.getAsLong();
      for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Window> entry = it.next();
        Window window = entry.getValue();
        if (now - window.startedNanos < intervalNanos) {
          continue;
        }
        if (window.heldBack == 0) {
          it.remove();
        } else {
          lines.add(open(window, now, entry.getKey() + ": " + window.heldBack
              + " more since the last such line, the last " + window.lastDetail));
        }
      }
    }
    for (String line : lines) {
      sink.warn(line, null);
    }
  }
}
