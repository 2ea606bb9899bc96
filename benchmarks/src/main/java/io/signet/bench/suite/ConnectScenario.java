package io.signet.bench.suite;

import io.signet.bench.client.Transport;

/**
 * Connection establishment: negotiate, WebSocket upgrade and hub handshake, as fast as a bounded
 * number of clients in flight gets them done. A first, smaller batch warms the server up and is
 * dropped before the measured one.
 */
final class ConnectScenario implements Scenario {
  private final int count;
  private final Results.Row row;

  ConnectScenario(int count, Results.Goal goal) {
    this.count = count;
    this.row = new Results.Row("Connect " + Scenario.count(count) + " clients, WebSockets",
        "connections/s, negotiate + upgrade + handshake", "conn/s", goal);
  }

  @Override
  public String name() {
    return row.scenario();
  }

  @Override
  public void execute(Run run) {
    Plan plan = run.plan();
    try (Fleet warmup = run.fleet(Transport.WEBSOCKETS)) {
      warmup.connect(Math.max(1, count / 4), plan.connectConcurrency(),
          Scenario.connectTimeout(count));
    }
    Fleet.sleep(500);
    try (Fleet fleet = run.fleet(Transport.WEBSOCKETS)) {
      Run.Meter meter = run.meter();
      long nanos = fleet.connect(count, plan.connectConcurrency(), Scenario.connectTimeout(count));
      meter.stop();
      Scenario.settle(fleet, plan);
      run.add(row, count / (nanos / 1e9));
      run.extra(row, "server CPU ms per connection", meter.serverCpuSeconds() * 1000 / count);
      run.extra(row, "server CPU (cores)", meter.serverCores());
      run.extra(row, "generator CPU (cores)", meter.generatorCores());
      run.extra(row, "other CPU (cores)", meter.otherCores());
    }
  }
}
