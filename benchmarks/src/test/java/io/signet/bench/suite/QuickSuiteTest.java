package io.signet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole load suite with tiny sizes, as CI does, so that the benchmarks never rot. It
 * checks that every scenario ran against each of its servers (for scale-out scenarios: two nodes
 * over a redis-server the suite starts, and one node; for the WebSocket fan-outs: Signet on both
 * WebSocket transports, the java.nio floor and the Node peers) and that nothing was lost; it
 * never checks how fast anything was (timing assertions do not belong in tests).
 */
class QuickSuiteTest {

  @Test
  void everyScenarioRunsOnBothServersAndLosesNothing() {
    Path target = Path.of("target");
    Suite suite = new Suite(Plan.QUICK, target.resolve("bench-logs"), null);

    Results results = suite.run();
    new Report(results, Plan.QUICK, suite.pinning(), 0).write(target.resolve("RESULTS-quick.md"));

    assertThat(results.failures()).isEmpty();
    assertThat(results.scenariosRun())
        .hasSize(Suite.ScenarioList.of(Plan.QUICK).all().size());
    assertThat(results.scenariosRun()).containsAll(Suite.ScenarioList.scaleOut(Plan.QUICK)
        .stream().map(Scenario::name).toList());
    assertThat(results.rows().keySet()).anyMatch(results::hasPeers);
    for (Results.Row row : results.rows().keySet()) {
      List<String> servers = new ArrayList<>(List.of(Results.SIGNET, Results.FLOOR));
      if (results.hasPeers(row)) {
        servers.addAll(Results.PEER_COLUMNS.keySet());
      }
      for (String server : servers) {
        double[] values = results.values(row, server);
        assertThat(values).as(server + ": " + row).isNotEmpty();
        // Deliveries per CPU-second may be infinite: at the quick plan's tiny rates a server's
        // CPU time can stay within one clock tick. A value must have been recorded all the same.
        boolean perCpuSecond = row.unit().equals("deliveries/CPU-s");
        assertThat(Arrays.stream(values).allMatch(
                value -> perCpuSecond ? !Double.isNaN(value) : Double.isFinite(value)))
            .as(server + ": " + row).isTrue();
      }
    }
  }
}
