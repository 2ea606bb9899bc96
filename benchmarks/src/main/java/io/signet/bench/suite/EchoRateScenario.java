package io.signet.bench.suite;

import io.signet.bench.client.Messages;
import io.signet.bench.client.SignalRClient;
import io.signet.bench.client.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Echo, open loop at fixed rates: calls go out on a schedule, spread over the clients, whatever
 * the answers do; latency runs from each call's scheduled time. The rates are fractions of the
 * floor's median closed-loop peak (measured before, in the same suite), the same for both servers.
 */
final class EchoRateScenario implements Scenario {
  private final Transport transport;
  private final int clients;
  private final Results.Row floorPeak;
  private final List<Double> fractions;
  private final Results.Goal p99Goal;
  private final double goalFraction;
  private double floorPeakUsed = Double.NaN; // fixed at first use: every run offers the same rates

  /**
   * @param goalFraction the fraction whose p99 is held to {@code p99Goal}
   */
  EchoRateScenario(Transport transport, int clients, Results.Row floorPeak, List<Double> fractions,
      double goalFraction, Results.Goal p99Goal) {
    this.transport = transport;
    this.clients = clients;
    this.floorPeak = floorPeak;
    this.fractions = List.copyOf(fractions);
    this.goalFraction = goalFraction;
    this.p99Goal = p99Goal;
  }

  @Override
  public String name() {
    return EchoScenario.label(transport, clients) + ", fixed rates";
  }

  private Results.Row row(double fraction, String percentile) {
    Results.Goal goal = percentile.equals("p99") && fraction == goalFraction ? p99Goal : null;
    return new Results.Row(EchoScenario.label(transport, clients),
        percentile + " at " + Math.round(fraction * 100) + "% of floor peak", "ms", goal);
  }

  @Override
  public void execute(Run run) {
    if (!Double.isFinite(floorPeakUsed)) {
      floorPeakUsed = run.results().median(floorPeak, Results.FLOOR);
    }
    double peak = floorPeakUsed;
    if (!Double.isFinite(peak)) {
      throw new IllegalStateException("No floor peak to derive rates from");
    }
    Plan plan = run.plan();
    try (Fleet fleet = run.fleet(transport)) {
      fleet.connect(clients, plan.connectConcurrency(), Scenario.connectTimeout(clients));
      OpenLoop load = fleet.onLoop(() -> new OpenLoop(fleet, plan.padding()));
      load.run(fractions.get(0) * peak, plan.warmup());
      Scenario.settle(fleet, plan);
      for (double fraction : fractions) {
        Run.Meter meter = run.meter();
        long calls = load.run(fraction * peak, plan.measure());
        Scenario.settle(fleet, plan);
        meter.stop();
        record(run, fleet, fraction, peak, calls, meter);
      }
    }
  }

  private void record(Run run, Fleet fleet, double fraction, double peak, long calls,
      Run.Meter meter) {
    double[] percentiles = fleet.onLoop(() -> new double[] {
        fleet.tally().latency.getValueAtPercentile(50) / 1000.0,
        fleet.tally().latency.getValueAtPercentile(99) / 1000.0,
        fleet.tally().latency.getValueAtPercentile(99.9) / 1000.0});
    run.add(row(fraction, "p50"), percentiles[0]);
    run.add(row(fraction, "p99"), percentiles[1]);
    run.add(row(fraction, "p99.9"), percentiles[2]);
    Results.Row p99 = row(fraction, "p99");
    run.extra(p99, "rate (calls/s)", fraction * peak);
    run.extra(p99, "server CPU s per M calls", meter.serverCpuPerMillion(calls));
    run.extra(p99, "generator CPU (cores)", meter.generatorCores());
    run.extra(p99, "other CPU (cores)", meter.otherCores());
  }

  /** Calls on a schedule, round robin over the clients. */
  private static final class OpenLoop implements Fleet.Workload {
    private final Fleet fleet;
    private final int padding;
    private final List<SignalRClient> clients;
    private long ids;

    OpenLoop(Fleet fleet, int padding) {
      this.fleet = fleet;
      this.padding = padding;
      this.clients = new ArrayList<>(fleet.clients());
      fleet.workload(this);
    }

    /** Sends at {@code perSecond} for {@code length}, measuring all of it; returns the count. */
    long run(double perSecond, Duration length) {
      CompletableFuture<Long> sent = fleet.onLoop(() -> {
        long start = System.nanoTime() + 20_000_000;
        fleet.tally().window(Messages.toMicros(start),
            Messages.toMicros(start + length.toNanos()));
        return new Pacer(fleet.loop(), perSecond, start, length.toNanos() / 1e9, this::send)
            .start();
      });
      return Fleet.await(sent, length.plusSeconds(60));
    }

    private void send(long k, long dueNanos) {
      fleet.tally().expected++;
      clients.get((int) (k % clients.size()))
          .send(fleet.protocol().echo(ids++, Messages.toMicros(dueNanos), padding));
    }

    @Override
    public void onEchoed(SignalRClient client, long stamp, long nowMicros) {
      fleet.tally().delivered(stamp, nowMicros);
    }
  }
}
