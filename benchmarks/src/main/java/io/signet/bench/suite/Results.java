package io.signet.bench.suite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every number a suite measured, by row, server and repetition, and every run that failed.
 * Thread-confined to the suite's thread.
 */
public final class Results {
  /** The server names as the suite launches them. */
  static final String SIGNET = "signet";
  static final String FLOOR = "floor";
  /**
   * A Signet cluster over Redis ({@link ScaleOutCluster}). Its figures go in the {@link #SIGNET}
   * column of scale-out rows, whose baseline column holds a single Signet server's.
   */
  static final String CLUSTER = "signet-cluster";
  /**
   * The plain {@code java.nio} floor: one pre-built frame written per recipient. Its figures go
   * in the {@link #FLOOR} column of the rows that compare with the peers.
   */
  static final String NIO_FLOOR = "nio-floor";
  /** How rows against {@link #NIO_FLOOR} name their baseline. */
  static final String NIO_FLOOR_LABEL = "floor (java.nio)";
  /** Signet on the portable Jakarta WebSocket transport instead of the Jetty-native one. */
  static final String SIGNET_JAKARTA = "signet-jakarta";
  /**
   * Signet with {@code hub-micrometer}'s metrics on. Its figures go in the {@link #SIGNET}
   * column of the rows that compare metrics on and off, whose baseline column holds plain
   * Signet's.
   */
  static final String SIGNET_METRICS = "signet-metrics";
  /** A minimal SignalR server on Node's {@code ws}. */
  static final String NODE_WS = "node-ws";
  /** A Socket.IO 4 server on Node. */
  static final String SOCKET_IO = "socketio";
  /** The columns beside Signet and its baseline, in report order, with their headings. */
  static final Map<String, String> PEER_COLUMNS = peerColumns();

  /**
   * A goal a row is checked against.
   *
   * @param text how the report states it
   * @param atLeast for ratios: the ratio must be at least {@code bound}, else at most it
   * @param excess the goal is on Signet minus baseline (at most {@code bound}), not on the ratio
   * @param bound the limit
   */
  record Goal(String text, boolean atLeast, boolean excess, double bound) {
    static Goal ratioAtLeast(double bound) {
      return new Goal("≥ " + bound + "×", true, false, bound);
    }

    static Goal ratioAtMost(double bound) {
      return new Goal("≤ " + bound + "×", false, false, bound);
    }

    static Goal excessAtMost(double bound, String text) {
      return new Goal(text, false, true, bound);
    }

    /**
     * Whether the goal is met: for ratios, by the median of the per-repetition ratios (the
     * figure the report shows); for an excess, by the difference of the medians.
     */
    boolean met(double[] signet, double[] baseline) {
      if (excess) {
        return Stats.median(signet) - Stats.median(baseline) <= bound;
      }
      double ratio = Stats.median(Stats.ratios(signet, baseline));
      return atLeast ? ratio >= bound : ratio <= bound;
    }
  }

  /**
   * One line of the report.
   *
   * @param scenario what ran, e.g. {@code Echo, 1k WebSockets}
   * @param metric what was measured, e.g. {@code closed-loop peak}
   * @param unit the unit of the values
   * @param goal the target, or {@code null}
   * @param baseline what the Signet value is compared with (normally the floor)
   */
  record Row(String scenario, String metric, String unit, Goal goal, String baseline) {
    Row(String scenario, String metric, String unit, Goal goal) {
      this(scenario, metric, unit, goal, "floor");
    }
  }

  private static Map<String, String> peerColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(SIGNET_JAKARTA, "Signet, Jakarta transport");
    columns.put(NODE_WS, "SignalR on Node ws");
    columns.put(SOCKET_IO, "Socket.IO 4");
    return Collections.unmodifiableMap(columns);
  }

  private final int repetitions;
  private final Map<Row, Map<String, double[]>> values = new LinkedHashMap<>();
  private final Map<Row, Map<String, Map<String, double[]>>> extras = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String> scenariosRun = new ArrayList<>();

  Results(int repetitions) {
    this.repetitions = repetitions;
  }

  /** Records a row's value for {@code server} in repetition {@code rep}. */
  void add(Row row, String server, int rep, double value) {
    values.computeIfAbsent(row, r -> new LinkedHashMap<>())
        .computeIfAbsent(server, s -> nans())[rep] = value;
  }

  /** Records a side figure of a row (server CPU per delivery, generator CPU, ...). */
  void extra(Row row, String name, String server, int rep, double value) {
    extras.computeIfAbsent(row, r -> new LinkedHashMap<>())
        .computeIfAbsent(name, n -> new LinkedHashMap<>())
        .computeIfAbsent(server, s -> nans())[rep] = value;
  }

  /** Records that a run failed; its rows get no value for that repetition. */
  void fail(String scenario, String server, int rep, String reason) {
    failures.add(scenario + " / " + server + " / run " + (rep + 1) + ": " + reason);
  }

  /** Records that a scenario was run (whatever its outcome). */
  void ran(String scenario) {
    if (!scenariosRun.contains(scenario)) {
      scenariosRun.add(scenario);
    }
  }

  /** The values of a row for a server, NaN where a run failed; empty if never recorded. */
  double[] values(Row row, String server) {
    Map<String, double[]> byServer = values.get(row);
    double[] found = byServer == null ? null : byServer.get(server);
    return found == null ? new double[0] : found.clone();
  }

  /** The median of a row for a server, or NaN. */
  double median(Row row, String server) {
    return Stats.median(values(row, server));
  }

  Map<Row, Map<String, double[]>> rows() {
    return values;
  }

  /** Whether the row has figures for any server of {@link #PEER_COLUMNS}. */
  boolean hasPeers(Row row) {
    Map<String, double[]> byServer = values.getOrDefault(row, Map.of());
    return PEER_COLUMNS.keySet().stream().anyMatch(byServer::containsKey);
  }

  Map<String, Map<String, double[]>> extras(Row row) {
    return extras.getOrDefault(row, Map.of());
  }

  /** Every failed run, described. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** The scenarios that ran, in order. */
  public List<String> scenariosRun() {
    return List.copyOf(scenariosRun);
  }

  int repetitions() {
    return repetitions;
  }

  private double[] nans() {
    double[] array = new double[repetitions];
    Arrays.fill(array, Double.NaN);
    return array;
  }
}
