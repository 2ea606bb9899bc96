package io.signet.connection.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections one server (a {@code Signet}, all its hubs together) holds at once, in all
 * and per user. A connection counts from its negotiate (or its WebSocket request without one)
 * until it ends. Past a limit the request that would create a connection is refused before
 * anything exists for it: {@code 503} with {@code Retry-After} when the server is full, so that
 * clients and load balancers try again later or elsewhere, {@code 429} when the user is.
 *
 * <p>Thread-safe.
 */
public final class ConnectionLimits {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  /** Seconds a client refused for a full server is asked to wait. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final int maximum;
  private final int maximumPerUser;
  private final AtomicInteger count = new AtomicInteger();
  private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

  /**
   * @param maximum connections at once; {@code 0} for no limit
   * @param maximumPerUser connections at once of one authenticated user (by principal name);
   *     {@code 0} for no limit
   */
  public ConnectionLimits(int maximum, int maximumPerUser) {
    if (maximum < 0 || maximumPerUser < 0) {
      throw new IllegalArgumentException("negative connection limit");
    }
    this.maximum = maximum;
    this.maximumPerUser = maximumPerUser;
  }

  /**
   * The default maximum: 80% of the file descriptors the process may open, where the JVM tells
   * (Linux, macOS), so that a full server answers new clients at once, with a reason, rather than
   * failing to accept their sockets while the ones it has keep working; the rest is left for
   * requests that are not connections (POSTs, polls, the application's own), files and Redis.
   * {@code 0} (no limit) where the JVM does not tell.
   */
  public static int defaultMaximum() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long descriptors = unix.getMaxFileDescriptorCount();
      if (descriptors > 0) {
        return (int) Math.min(Integer.MAX_VALUE, descriptors * 8 / 10);
      }
    }
    return 0;
  }

  /** The connections counted now. */
  public int count() {
    return count.get();
  }

  /** The maximum of connections, {@code 0} for none. */
  public int maximum() {
    return maximum;
  }

  /**
   * Counts a new connection of {@code user}.
   *
   * @param user the authenticated user's name, or {@code null}: anonymous connections count only
   *     toward the server's limit
   * @throws ConnectionLimitException if a limit is reached; nothing was counted
   */
  void acquire(String user) {
    if (maximum > 0 && count.incrementAndGet() > maximum) {
      count.decrementAndGet();
      warnings.warn("Refusing connections: the server holds its maximum of " + maximum
          + " (Signet.Builder.maximumConnections)", describe(user));
      throw serverFull();
    } else if (maximum <= 0) {
      count.incrementAndGet();
    }
    if (user == null || maximumPerUser <= 0) {
      return;
    }
    boolean[] refused = {false};
    perUser.compute(user, (name, held) -> {
      AtomicInteger counter = held == null ? new AtomicInteger() : held;
      if (counter.get() >= maximumPerUser) {
        refused[0] = true;
      } else {
        counter.incrementAndGet();
      }
      return counter.get() == 0 ? null : counter;
    });
    if (refused[0]) {
      count.decrementAndGet();
      warnings.warn("Refusing connections: a user holds the maximum of " + maximumPerUser
          + " connections (Signet.Builder.maximumConnectionsPerUser)", "user " + user);
      throw userFull();
    }
  }

  /**
   * Throws as {@link #acquire} would, without counting: for a negotiate whose connection another
   * node of a cluster may end up holding.
   */
  void checkRoom(String user) {
    if (maximum > 0 && count.get() >= maximum) {
      throw serverFull();
    }
    AtomicInteger held = user == null || maximumPerUser <= 0 ? null : perUser.get(user);
    if (held != null && held.get() >= maximumPerUser) {
      throw userFull();
    }
  }

  /** Uncounts a connection that {@link #acquire} counted for {@code user}. */
  void release(String user) {
    count.decrementAndGet();
    if (user != null && maximumPerUser > 0) {
      perUser.computeIfPresent(user,
          (name, held) -> held.decrementAndGet() <= 0 ? null : held);
    }
  }

  private ConnectionLimitException serverFull() {
    return new ConnectionLimitException(503,
        "The server has reached its maximum of " + maximum + " connections", true);
  }

  private ConnectionLimitException userFull() {
    return new ConnectionLimitException(429,
        "The user has reached the maximum of " + maximumPerUser + " connections", false);
  }

  private static String describe(String user) {
    return user == null ? "an anonymous client" : "user " + user;
  }
}
