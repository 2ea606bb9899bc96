package io.signet.bench.suite;

import io.signet.bench.client.Transport;

/**
 * A fan-out on a scale-out cluster ({@link ScaleOutCluster}: two Signet nodes over one Redis),
 * with the clients spread evenly over the nodes, against the same fan-out on a single Signet
 * server in the same repetition. The search for the highest rate with p99 under 100 ms, the CPU
 * per delivery at one fixed rate, and the rule that a run losing anything fails, are
 * {@link FanoutScenario}'s.
 *
 * <p>The report's Signet column holds the cluster's figures and its baseline column the single
 * server's, so the ratio is what the second node and Redis change.
 */
final class ScaleOutScenario implements Scenario {
  /** The name of the baseline column of scale-out rows. */
  static final String BASELINE = "Signet, one node";

  private final FanoutScenario fanout;
  private final Results.Row row;

  /**
   * @param shape broadcast or group sends
   * @param members the measured clients
   * @param senders the clients that send in turn, or 0 for the plan's number
   */
  ScaleOutScenario(Fanout.Shape shape, int members, int senders) {
    this.row = new Results.Row(label(shape, members, senders), FanoutScenario.METRIC,
        "deliveries/s", null, BASELINE);
    this.fanout = new FanoutScenario(shape, Transport.WEBSOCKETS, members, senders, row, true);
  }

  /**
   * The name starts with {@code Scale-out} (for {@code --only}) and keeps the shape in lower case,
   * so that {@code --only "Broadcast"} still selects the single-server scenarios alone.
   */
  private static String label(Fanout.Shape shape, int members, int senders) {
    String fanout = FanoutScenario.label(shape, Transport.WEBSOCKETS, members);
    if (senders > 0) {
      int comma = fanout.lastIndexOf(", ");
      fanout = fanout.substring(0, comma) + " from " + senders + " sender"
          + (senders == 1 ? "" : "s") + fanout.substring(comma);
    }
    return "Scale-out over Redis, " + ScaleOutCluster.NODES + " nodes: "
        + Character.toLowerCase(fanout.charAt(0)) + fanout.substring(1);
  }

  Results.Row row() {
    return row;
  }

  @Override
  public String name() {
    return row.scenario();
  }

  @Override
  public Comparison comparison() {
    return Comparison.SCALE_OUT;
  }

  @Override
  public void execute(Run run) {
    fanout.execute(run);
  }
}
