package io.signet.bench.suite;

import java.time.Duration;
import java.util.List;

/**
 * The sizes and durations of a suite run. {@link #FULL} produces {@code RESULTS.md}; {@link #QUICK}
 * uses tiny sizes so that CI proves every scenario still runs and loses nothing, in about a
 * minute, and says nothing about speed.
 *
 * @param name {@code full} or {@code quick}
 * @param repetitions runs of each scenario per server, interleaved
 * @param echoClients connections of the echo scenarios (WebSockets)
 * @param transportClients connections of the SSE and long-polling scenarios
 * @param warmup unmeasured load before each measurement, for the JIT
 * @param measure length of each echo measurement
 * @param echoFractions fixed echo rates, as fractions of the floor's closed-loop peak
 * @param broadcastSizes connections of the broadcast scenarios
 * @param groupClients connections of the group scenarios (group members)
 * @param churnOpsPerSecond Join/Leave calls per second of the churning clients
 * @param step length of one step of a fan-out rate search
 * @param maxSteps steps of a rate search at most
 * @param precision a rate search stops when the passing and failing rates are this close
 * @param startDeliveries deliveries per second of the first step of a first search
 * @param idleSizes connections of the idle-memory scenarios
 * @param connectCount connections the establishment-rate scenario opens
 * @param connectConcurrency connections establishing at once (below Jetty's accept backlog of 50)
 * @param senders connections that send the broadcasts and group messages
 * @param padding payload bytes added to each message's timestamp
 * @param drainTimeout how long a run waits for what is still owed before it counts it lost
 * @param quietWait how long a run may wait for other processes to leave the machine quiet
 * @param lowRates deliveries per second at which the fan-outs against the peers measure the
 *     deliveries per server CPU-second
 */
public record Plan(
    String name,
    int repetitions,
    int echoClients,
    int transportClients,
    Duration warmup,
    Duration measure,
    List<Double> echoFractions,
    List<Integer> broadcastSizes,
    int groupClients,
    double churnOpsPerSecond,
    Duration step,
    int maxSteps,
    double precision,
    double startDeliveries,
    List<Integer> idleSizes,
    int connectCount,
    int connectConcurrency,
    int senders,
    int padding,
    Duration drainTimeout,
    Duration quietWait,
    List<Double> lowRates) {

  /**
   * The full suite. The largest idle size is 19,000, not 50,000: a process here may hold at most
   * 20,000 file descriptors (the hard limit, which the container does not let us raise).
   */
  public static final Plan FULL = new Plan("full", 3, 1000, 1000,
      Duration.ofSeconds(3), Duration.ofSeconds(4), List.of(0.25, 0.5),
      List.of(1000, 10000), 10000, 2000, Duration.ofSeconds(2), 8, 0.15, 50_000,
      List.of(10000, 19000), 5000, 32, 10, 32, Duration.ofSeconds(30), Duration.ofSeconds(30),
      List.of(10_000.0, 20_000.0));

  /** Tiny sizes for CI: proves each scenario runs, never how fast. */
  public static final Plan QUICK = new Plan("quick", 1, 20, 20,
      Duration.ofMillis(300), Duration.ofMillis(600), List.of(0.25, 0.5),
      List.of(20, 50), 40, 20, Duration.ofMillis(400), 2, 0.5, 500,
      List.of(20, 50), 40, 8, 4, 32, Duration.ofSeconds(20), Duration.ZERO,
      List.of(200.0, 400.0));

  /** The plan called {@code name}. */
  public static Plan named(String name) {
    return switch (name) {
      case "full" -> FULL;
      case "quick" -> QUICK;
      default -> throw new IllegalArgumentException("No plan " + name + ": use full or quick");
    };
  }

  /** Lighter settings for warming a server up: short echoes, one fan-out step. */
  Plan workout() {
    return new Plan(name + "-workout", 1, echoClients, transportClients, warmup.dividedBy(3),
        measure.dividedBy(2), echoFractions, broadcastSizes, groupClients, churnOpsPerSecond,
        step, 1, precision, startDeliveries, idleSizes, connectCount, connectConcurrency, senders,
        padding, drainTimeout, Duration.ZERO, List.of());
  }

  /** Whether this is the full plan (which writes RESULTS.md). */
  public boolean isFull() {
    return name.equals("full");
  }
}
