package io.signet.bench.suite;

import io.signet.bench.client.Messages;
import io.signet.bench.client.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fan-out: the highest rate of deliveries a server sustains with p99 latency under 100 ms, for a
 * broadcast to all or for group sends, found by {@link RateSearch}. Each step sends on a fixed
 * schedule and waits until every delivery arrived before the next; anything lost fails the run.
 *
 * <p>Optionally it also measures the server CPU per delivery at one fixed rate, a fifth of the
 * search's usual first step: the CPU at each server's best rate compares servers at different
 * loads (a busier server batches more writes), this compares them at the same one.
 */
final class FanoutScenario implements Scenario {
  static final double P99_BOUND_MILLIS = 100;
  private static final int MIN_MESSAGES = 10;
  /** The quick plan only proves that a step runs and loses nothing: two messages do. */
  private static final int QUICK_MIN_MESSAGES = 2;
  private static final long MAX_STEP_MILLIS = 6000;

  static final String METRIC = "deliveries/s at p99 < 100 ms";

  private final Fanout.Shape shape;
  private final Transport transport;
  private final int members;
  private final int senders;
  private final Results.Row row;
  private final Results.Row lightRow;
  private final Results.Row fixedRow; // null when not measured
  private final Comparison comparison;
  private final List<Double> lowRates; // deliveries/s; empty unless against the peers
  private final List<Results.Row> lowRateRows;

  FanoutScenario(Fanout.Shape shape, Transport transport, int members, Results.Goal goal) {
    this(shape, transport, members, 0,
        new Results.Row(label(shape, transport, members), METRIC, "deliveries/s", goal), false);
  }

  /**
   * A fan-out reported under {@code row} (its scenario names it; its metric is {@link #METRIC}).
   *
   * @param senders the clients that send in turn, or 0 for the plan's number
   * @param fixedRateCost whether to measure the CPU per delivery at a fixed rate too
   */
  FanoutScenario(Fanout.Shape shape, Transport transport, int members, int senders,
      Results.Row row, boolean fixedRateCost) {
    this(shape, transport, members, senders, row, fixedRateCost, Comparison.FLOOR, List.of());
  }

  private FanoutScenario(Fanout.Shape shape, Transport transport, int members, int senders,
      Results.Row row, boolean fixedRateCost, Comparison comparison, List<Double> lowRates) {
    this.comparison = comparison;
    this.lowRates = List.copyOf(lowRates);
    this.lowRateRows = this.lowRates.stream()
        .map(rate -> new Results.Row(row.scenario(), lowRateMetric(rate), "deliveries/CPU-s",
            Report.FLOOR_GOAL, row.baseline()))
        .toList();
    this.shape = shape;
    this.transport = transport;
    this.members = members;
    this.senders = senders;
    this.row = row;
    this.lightRow = new Results.Row(row.scenario(),
        "p99 latency at 2 messages/s (time to reach every recipient)", "ms", null,
        row.baseline());
    this.fixedRow = !fixedRateCost ? null : new Results.Row(row.scenario(),
        "server CPU per delivery at a fixed rate", "s per M deliveries", null, row.baseline());
  }

  /**
   * The fan-out with MessagePack clients against the same with JSON clients, both on Signet, with
   * the CPU per delivery at a fixed rate and the bytes each delivery puts on the wire.
   */
  static FanoutScenario comparingProtocols(Fanout.Shape shape, Transport transport,
      int members) {
    return new FanoutScenario(shape, transport, members, 0, new Results.Row(
        label(shape, transport, members) + ", MessagePack vs JSON", METRIC, "deliveries/s", null,
        "Signet JSON"), true, Comparison.PROTOCOLS, List.of());
  }

  /**
   * The fan-out on Signet with {@code hub-micrometer}'s metrics on against the same with them
   * off, with the CPU per delivery at a fixed rate: what measuring costs per delivery.
   */
  static FanoutScenario comparingMetrics(Fanout.Shape shape, Transport transport, int members) {
    return new FanoutScenario(shape, transport, members, 0, new Results.Row(
        label(shape, transport, members) + ", Metrics on vs off", METRIC, "deliveries/s", null,
        "Signet, metrics off"), true, Comparison.METRICS, List.of());
  }

  /**
   * The fan-out over WebSockets on Signet against the java.nio floor, Signet's Jakarta transport
   * and the Node peers, with the deliveries per server CPU-second at each of {@code lowRates}
   * (deliveries per second): the regime where nothing queues long enough to be batched and every
   * delivery is one frame and one write.
   */
  static FanoutScenario againstPeers(Fanout.Shape shape, int members, List<Double> lowRates) {
    return new FanoutScenario(shape, Transport.WEBSOCKETS, members, 0, new Results.Row(
        label(shape, Transport.WEBSOCKETS, members), METRIC, "deliveries/s", null,
        Results.NIO_FLOOR_LABEL), false, Comparison.PEERS, lowRates);
  }

  private static String lowRateMetric(double deliveriesPerSecond) {
    return "deliveries per server CPU-second at " + Scenario.count((int) deliveriesPerSecond)
        + " deliveries/s";
  }

  static String label(Fanout.Shape shape, Transport transport, int members) {
    String size = Scenario.count(members);
    String what = switch (shape) {
      case BROADCAST -> "Broadcast to " + size;
      case TEN_GROUPS -> "Group send, 10 groups of " + Scenario.count(members / 10);
      case GROUPS_OF_TEN -> "Group send, " + Scenario.count(members / 10)
          + " groups of 10 with join/leave churn";
    };
    return what + ", " + transport.label();
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
    return comparison;
  }

  @Override
  public void execute(Run run) {
    Plan plan = run.plan();
    int churners = shape == Fanout.Shape.GROUPS_OF_TEN ? Math.max(1, members / 10) : 0;
    try (Fleet fleet = run.fleet(transport)) {
      fleet.connect(members + churners, plan.connectConcurrency(),
          Scenario.connectTimeout(members + churners));
      Fanout load = fleet.onLoop(
          () -> new Fanout(fleet, shape, members, senders > 0 ? senders : plan.senders(),
              plan.padding()));
      if (shape != Fanout.Shape.BROADCAST) {
        fleet.onLoop(() -> {
          load.joinAll();
          return null;
        });
        Scenario.settle(fleet, plan);
      }
      Pacer churn = churners == 0 ? null : fleet.onLoop(() -> startChurn(fleet, load, plan));
      double start = startRate(run);
      step(run, fleet, load, start / 2, plan.warmup()); // warm-up, not recorded
      double perMessage = load.deliveriesPerMessage();
      RateSearch.Step light = step(run, fleet, load, 2 * perMessage, plan.step());
      List<RateSearch.Step> low = new ArrayList<>();
      for (double rate : lowRates) {
        low.add(step(run, fleet, load, rate, plan.step().multipliedBy(3)));
      }
      long readBefore = fleet.onLoop(fleet.loop()::bytesRead);
      RateSearch.Step fixed = fixedRow == null ? null
          : step(run, fleet, load, fixedRate(plan, perMessage), plan.step().multipliedBy(3));
      long readDuringFixed = fleet.onLoop(fleet.loop()::bytesRead) - readBefore;
      RateSearch.Step best = RateSearch.search(
          rate -> step(run, fleet, load, rate, plan.step()), start, perMessage, plan,
          P99_BOUND_MILLIS, Suite.log());
      if (churn != null) {
        fleet.onLoop(() -> {
          churn.stop();
          return null;
        });
      }
      Scenario.settle(fleet, plan);
      run.add(lightRow, light.p99Millis());
      for (int i = 0; i < low.size(); i++) {
        RateSearch.Step step = low.get(i);
        Results.Row lowRow = lowRateRows.get(i);
        run.add(lowRow, 1e6 / step.serverCpuPerMillion());
        run.extra(lowRow, "p99 at that rate (ms)", step.p99Millis());
        run.extra(lowRow, "server CPU (cores)", step.serverCores());
      }
      if (fixed != null) {
        run.add(fixedRow, fixed.serverCpuPerMillion());
        run.extra(fixedRow, "rate (deliveries/s)", fixed.offered());
        run.extra(fixedRow, "p99 at that rate (ms)", fixed.p99Millis());
        if (!Double.isNaN(fixed.helperCores())) {
          run.extra(fixedRow, "Redis CPU s per M deliveries", fixed.helperCpuPerMillion());
        }
        if (comparison == Comparison.PROTOCOLS) {
          run.extra(fixedRow, "client bytes received per delivery",
              readDuringFixed / (double) fixed.delivered());
        }
      }
      record(run, best);
    }
  }

  /** A fifth of the plan's first search step, and at least two messages a second. */
  private static double fixedRate(Plan plan, double perMessage) {
    return Math.max(2 * perMessage, plan.startDeliveries() / 5);
  }

  private Pacer startChurn(Fleet fleet, Fanout load, Plan plan) {
    Pacer churn = new Pacer(fleet.loop(), plan.churnOpsPerSecond(), System.nanoTime(), 3600,
        load::churn);
    churn.start();
    return churn;
  }

  /** Just under the previous median for this server, so later searches take fewer steps. */
  private double startRate(Run run) {
    double previous = run.results().median(row, run.server());
    return Double.isFinite(previous) && previous > 0 ? previous * 0.8
        : run.plan().startDeliveries();
  }

  private RateSearch.Step step(Run run, Fleet fleet, Fanout load, double deliveriesPerSecond,
      Duration step) {
    double messagesPerSecond = deliveriesPerSecond / load.deliveriesPerMessage();
    // A step needs enough messages to have a p99: at low rates to many, it lasts longer.
    int minMessages = run.plan().name().startsWith(Plan.QUICK.name()) ? QUICK_MIN_MESSAGES
        : MIN_MESSAGES;
    Duration length = Duration.ofMillis(Math.min(MAX_STEP_MILLIS,
        Math.max(step.toMillis(), (long) (1000 * minMessages / messagesPerSecond))));
    Run.Meter meter = run.meter();
    CompletableFuture<Long> sent = fleet.onLoop(() -> {
      long start = System.nanoTime() + 20_000_000;
      fleet.tally().window(Messages.toMicros(start), Messages.toMicros(start + length.toNanos()));
      return new Pacer(fleet.loop(), messagesPerSecond, start, length.toNanos() / 1e9, load::send)
          .start();
    });
    Fleet.await(sent, length.plusSeconds(60));
    if (!fleet.awaitSettled(run.plan().drainTimeout(), false)) {
      String problems = fleet.onLoop(() -> fleet.tally().problems());
      throw new IllegalStateException("Deliveries lost at " + Math.round(deliveriesPerSecond)
          + "/s: " + problems);
    }
    meter.stop();
    long delivered = fleet.onLoop(() -> fleet.tally().windowReceived);
    double p99 = fleet.onLoop(() -> fleet.tally().latency.getValueAtPercentile(99)) / 1000.0;
    return new RateSearch.Step(deliveriesPerSecond, p99, delivered,
        meter.serverCpuPerMillion(delivered), meter.serverCores(),
        meter.helperCpuPerMillion(delivered), meter.helperCores(), meter.generatorCores(),
        meter.otherCores());
  }

  private void record(Run run, RateSearch.Step best) {
    if (best == null) {
      // Not a failure: nothing was lost, the server was just never fast enough.
      Suite.log().println("      no rate tried kept p99 under " + P99_BOUND_MILLIS + " ms: 0");
      run.add(row, 0);
      return;
    }
    run.add(row, best.offered());
    run.extra(row, "p99 at that rate (ms)", best.p99Millis());
    run.extra(row, "server CPU s per M deliveries", best.serverCpuPerMillion());
    run.extra(row, "server CPU (cores)", best.serverCores());
    if (!Double.isNaN(best.helperCores())) {
      run.extra(row, "Redis CPU s per M deliveries", best.helperCpuPerMillion());
      run.extra(row, "Redis CPU (cores)", best.helperCores());
    }
    run.extra(row, "generator CPU (cores)", best.generatorCores());
    run.extra(row, "other CPU (cores)", best.otherCores());
  }
}
