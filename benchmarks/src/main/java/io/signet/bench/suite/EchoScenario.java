package io.signet.bench.suite;

import io.signet.bench.client.Messages;
import io.signet.bench.client.SignalRClient;
import io.signet.bench.client.Transport;

/**
 * Echo, closed loop: every client keeps one {@code Echo} call outstanding and sends the next as
 * soon as the completion arrives. The rate of completions is the server's peak for calls.
 */
final class EchoScenario implements Scenario {
  private final Transport transport;
  private final int clients;
  private final Results.Row peak;

  EchoScenario(Transport transport, int clients, Results.Goal goal) {
    this.transport = transport;
    this.clients = clients;
    this.peak = new Results.Row(label(transport, clients), "closed-loop peak", "calls/s", goal);
  }

  static String label(Transport transport, int clients) {
    return "Echo, " + Scenario.count(clients) + " clients, " + transport.label();
  }

  /** The row holding the peak; fixed-rate scenarios derive their rates from it. */
  Results.Row peakRow() {
    return peak;
  }

  @Override
  public String name() {
    return label(transport, clients) + ", closed loop";
  }

  @Override
  public void execute(Run run) {
    Plan plan = run.plan();
    try (Fleet fleet = run.fleet(transport)) {
      fleet.connect(clients, plan.connectConcurrency(), Scenario.connectTimeout(clients));
      ClosedLoop load = fleet.onLoop(() -> new ClosedLoop(fleet, plan.padding()).start());
      Fleet.sleep(plan.warmup().toMillis());
      long before = fleet.onLoop(() -> {
        fleet.tally().window(Messages.nowMicros(), Long.MAX_VALUE);
        return fleet.tally().received;
      });
      Run.Meter meter = run.meter();
      Fleet.sleep(plan.measure().toMillis());
      long calls = fleet.onLoop(() -> {
        load.running = false;
        return fleet.tally().received;
      }) - before;
      meter.stop();
      Scenario.settle(fleet, plan);
      double p99 = fleet.onLoop(() -> fleet.tally().latency.getValueAtPercentile(99)) / 1000.0;
      run.add(peak, calls / meter.seconds());
      run.extra(peak, "p99 at peak (ms)", p99);
      run.extra(peak, "server CPU s per M calls", meter.serverCpuPerMillion(calls));
      run.extra(peak, "server CPU (cores)", meter.serverCores());
      run.extra(peak, "generator CPU (cores)", meter.generatorCores());
      run.extra(peak, "other CPU (cores)", meter.otherCores());
    }
  }

  /** One call outstanding per client; the next goes when the completion arrives. */
  private static final class ClosedLoop implements Fleet.Workload {
    private final Fleet fleet;
    private final int padding;
    private long ids;
    private boolean running;

    ClosedLoop(Fleet fleet, int padding) {
      this.fleet = fleet;
      this.padding = padding;
    }

    ClosedLoop start() {
      fleet.workload(this);
      running = true;
      for (SignalRClient client : fleet.clients()) {
        send(client);
      }
      return this;
    }

    private void send(SignalRClient client) {
      fleet.tally().expected++;
      client.send(Messages.echo(ids++, Messages.nowMicros(), padding));
    }

    @Override
    public void onEchoed(SignalRClient client, long stamp, long nowMicros) {
      fleet.tally().delivered(stamp, nowMicros);
      if (running) {
        send(client);
      }
    }
  }
}
