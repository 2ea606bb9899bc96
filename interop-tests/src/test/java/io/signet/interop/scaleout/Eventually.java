package io.signet.interop.scaleout;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a probe until its answer satisfies a condition or a deadline passes: for cluster state
 * that announces no event of its own (presence in Redis, a node noticing Redis is back). The
 * deadline only bounds a failing test; a passing one returns as soon as the condition holds.
 */
final class Eventually {
  /** Between two probes: short, so that a condition that holds is seen soon. */
  private static final long POLL_MILLIS = 50;

  private Eventually() {}

  /**
   * Returns the first answer of {@code probe} that satisfies {@code done}. A probe that throws
   * counts as not done yet (a presence query fails while Redis is down).
   *
   * @throws AssertionError naming {@code what} and the last answer, when the deadline passed
   */
  static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastFailure = null;
    while (true) {
      try {
        last = probe.get();
        lastFailure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastFailure = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not so within " + timeout.toSeconds() + " s; last "
            + (lastFailure != null ? "probe failed: " + lastFailure : "answer: " + last),
            lastFailure);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting: " + what, e);
      }
    }
  }

  /** Waits until {@code condition} holds. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    await(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
  }
}
