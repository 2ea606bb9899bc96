package io.signet.bench.suite;

import org.HdrHistogram.Histogram;

/**
 * What one fleet sent and received, confined to its event loop. Latencies (microseconds from the
 * scheduled send time) are recorded only for messages scheduled inside the current window, so
 * warm-up and ramp-down never reach a percentile; counts cover the whole run, so a message lost
 * at any time fails it.
 */
final class Tally {
  private static final long MAX_LATENCY_MICROS = 120_000_000L;

  /** Deliveries the servers owe: one per echo, one per recipient of a broadcast. */
  long expected;
  /** Deliveries that arrived (stamped records). */
  long received;
  /** Completions of Join and Leave expected, and received. */
  long acksExpected;
  long acks;
  /** Error completions, Close messages, failed clients. */
  long errors;
  String firstError;
  /** Stamped records received inside the window. */
  long windowReceived;
  final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
  private long windowStart = Long.MAX_VALUE;
  private long windowEnd = Long.MAX_VALUE;

  /** Measures latency for messages scheduled in {@code [startMicros, endMicros)} from now on. */
  void window(long startMicros, long endMicros) {
    latency.reset();
    windowReceived = 0;
    windowStart = startMicros;
    windowEnd = endMicros;
  }

  /** A delivery carrying {@code stamp} arrived at {@code nowMicros}. */
  void delivered(long stamp, long nowMicros) {
    received++;
    if (stamp >= windowStart && stamp < windowEnd) {
      windowReceived++;
      latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(1, nowMicros - stamp)));
    }
  }

  void error(String what) {
    errors++;
    if (firstError == null) {
      firstError = what;
    }
  }

  /** Whether everything owed has arrived. */
  boolean settled() {
    return received >= expected && acks >= acksExpected;
  }

  /** Whether every delivery owed has arrived (group acks aside). */
  boolean deliveriesSettled() {
    return received >= expected;
  }

  /** A one-line account of losses and errors, or {@code null} when there are none. */
  String problems() {
    StringBuilder problems = new StringBuilder();
    if (received != expected) {
      problems.append("received ").append(received).append(" of ").append(expected)
          .append(" deliveries; ");
    }
    if (acks != acksExpected) {
      problems.append("received ").append(acks).append(" of ").append(acksExpected)
          .append(" group acks; ");
    }
    if (errors > 0) {
      problems.append(errors).append(" errors, first: ").append(firstError);
    }
    return problems.length() == 0 ? null : problems.toString().trim();
  }
}
