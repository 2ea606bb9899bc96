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
  private final boolean comparesProtocols;

  EchoScenario(Transport transport, int clients, Results.Goal goal) {
    this(transport, clients, new Results.Row(label(transport, clients), "closed-loop peak",
        "calls/s", goal), false);
  }

  private EchoScenario(Transport transport, int clients, Results.Row peak,
      boolean comparesProtocols) {
    this.transport = transport;
    this.clients = clients;
    this.peak = peak;
    this.comparesProtocols = comparesProtocols;
  }

  /**
   * The echo with MessagePack clients against the same with JSON clients, both on Signet, with
   * the bytes each call puts on the wire.
   */
  static EchoScenario comparingProtocols(Transport transport, int clients) {
    return new EchoScenario(transport, clients, new Results.Row(
        label(transport, clients) + ", MessagePack vs JSON", "closed-loop peak", "calls/s", null,
        "Signet JSON"), true);
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
    return peak.scenario() + ", closed loop";
  }

  @Override
  public Comparison comparison() {
    return comparesProtocols ? Comparison.PROTOCOLS : Comparison.FLOOR;
  }

  @Override
  public void execute(Run run) {
    Plan plan = run.plan();
    try (Fleet fleet = run.fleet(transport)) {
      fleet.connect(clients, plan.connectConcurrency(), Scenario.connectTimeout(clients));
      ClosedLoop load = fleet.onLoop(() -> new ClosedLoop(fleet, plan.padding()).start());
      Fleet.sleep(plan.warmup().toMillis());
      long[] before = fleet.onLoop(() -> {
        fleet.tally().window(Messages.nowMicros(), Long.MAX_VALUE);
        return counters(fleet);
      });
      Run.Meter meter = run.meter();
      Fleet.sleep(plan.measure().toMillis());
      long[] after = fleet.onLoop(() -> {
        load.running = false;
        return counters(fleet);
      });
      meter.stop();
      long calls = after[0] - before[0];
      Scenario.settle(fleet, plan);
      double p99 = fleet.onLoop(() -> fleet.tally().latency.getValueAtPercentile(99)) / 1000.0;
      run.add(peak, calls / meter.seconds());
      run.extra(peak, "p99 at peak (ms)", p99);
      run.extra(peak, "server CPU s per M calls", meter.serverCpuPerMillion(calls));
      run.extra(peak, "server CPU (cores)", meter.serverCores());
      run.extra(peak, "generator CPU (cores)", meter.generatorCores());
      run.extra(peak, "other CPU (cores)", meter.otherCores());
      if (comparesProtocols) {
        run.extra(peak, "client bytes sent per call", (after[1] - before[1]) / (double) calls);
        run.extra(peak, "client bytes received per call",
            (after[2] - before[2]) / (double) calls);
      }
    }
  }

  /** Completions received, and bytes written and read by every client so far. */
  private static long[] counters(Fleet fleet) {
    return new long[] {fleet.tally().received, fleet.loop().bytesWritten(),
        fleet.loop().bytesRead()};
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
      client.send(fleet.protocol().echo(ids++, Messages.nowMicros(), padding));
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
