package io.signet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole load suite with tiny sizes, as CI does, so that the benchmarks never rot. It
 * checks that every scenario ran against both servers (for scale-out scenarios: two nodes over a
 * redis-server the suite starts, and one node) and that nothing was lost; it never checks how
 * fast anything was (timing assertions do not belong in tests).
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
    for (Results.Row row : results.rows().keySet()) {
      for (String server : new String[] {Results.SIGNET, Results.FLOOR}) {
        double[] values = results.values(row, server);
        assertThat(values).as(server + ": " + row).isNotEmpty();
        assertThat(Arrays.stream(values).allMatch(Double::isFinite))
            .as(server + ": " + row).isTrue();
      }
    }
  }
}
