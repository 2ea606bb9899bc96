package io.signet.bench.suite;

import java.time.Duration;

/**
 * A load scenario, run once per server and repetition: on Signet and the floor, or (scale-out
 * scenarios) on a Signet cluster and a single Signet server.
 */
interface Scenario {

  /** Its name in the report. */
  String name();

  /**
   * Runs against {@code run}'s server and records its numbers.
   *
   * @throws RuntimeException when the run fails (a loss, a client error, a timeout)
   */
  void execute(Run run);

  /**
   * Whether each run needs a server process of its own, started for it (memory figures), rather
   * than the warmed-up one the other scenarios share.
   */
  default boolean freshServer() {
    return false;
  }

  /** What the scenario's runs compare; each side's figures go to its own results column. */
  enum Comparison {
    /** Signet (Signet column) against the Jetty floor (baseline column). */
    FLOOR,
    /**
     * A scale-out cluster (Signet column) against a single Signet server (baseline column).
     */
    SCALE_OUT,
    /** Signet with MessagePack clients (Signet column) and with JSON clients (baseline). */
    PROTOCOLS,
    /** Signet with metrics on (Signet column) and off (baseline), on Jetty-native WebSockets. */
    METRICS,
    /**
     * Signet on its Jetty-native WebSocket transport (Signet column) against the java.nio
     * floor (baseline column), Signet on the Jakarta transport and the Node peers (their own
     * columns).
     */
    PEERS
  }

  /** What its runs compare. */
  default Comparison comparison() {
    return Comparison.FLOOR;
  }

  /** Whether it runs on a scale-out cluster and on a single Signet server. */
  default boolean scaleOut() {
    return comparison() == Comparison.SCALE_OUT;
  }

  /** How many of the plan's repetitions this scenario runs. */
  default int repetitions(Plan plan) {
    return plan.repetitions();
  }

  /** Time to establish {@code clients} connections before a run gives up. */
  static Duration connectTimeout(int clients) {
    return Duration.ofSeconds(30 + clients / 200);
  }

  /** Waits for everything owed, then fails if anything was lost or went wrong. */
  static void settle(Fleet fleet, Plan plan) {
    fleet.awaitSettled(plan.drainTimeout());
    String problems = fleet.onLoop(() -> fleet.tally().problems());
    if (problems != null) {
      throw new IllegalStateException("Run lost messages or failed: " + problems);
    }
  }

  /** {@code 1000} as {@code 1k}, for names. */
  static String count(int n) {
    return n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
  }
}
