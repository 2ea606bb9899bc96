package io.signet.bench.suite;

import java.io.PrintStream;

/**
 * Finds the highest delivery rate a server sustains with p99 latency under a bound: doubles the
 * offered rate until a step fails, then bisects (geometrically) between the last pass and the
 * first failure until they are within the plan's precision or the steps run out.
 */
final class RateSearch {
  /** Runs one step at an offered rate and reports it. */
  interface Stepper {
    Step run(double deliveriesPerSecond);
  }

  /**
   * One step's outcome.
   *
   * @param offered deliveries per second offered
   * @param p99Millis p99 latency of the step's deliveries
   * @param delivered deliveries of the messages scheduled in the step
   * @param serverCpuPerMillion server CPU seconds per million deliveries (every node's)
   * @param serverCores server CPU, in cores
   * @param helperCpuPerMillion Redis CPU seconds per million deliveries; NaN without Redis
   * @param helperCores Redis CPU, in cores; NaN without Redis
   * @param generatorCores generator CPU, in cores
   * @param otherCores CPU of everything else on the machine, in cores
   */
  record Step(double offered, double p99Millis, long delivered, double serverCpuPerMillion,
      double serverCores, double helperCpuPerMillion, double helperCores, double generatorCores,
      double otherCores) {
    boolean passes(double boundMillis) {
      return p99Millis < boundMillis;
    }
  }

  private RateSearch() {}

  /**
   * Searches from {@code start} deliveries per second, never below {@code lowest}.
   *
   * @return the best passing step, or {@code null} if none passed
   */
  static Step search(Stepper stepper, double start, double lowest, Plan plan, double boundMillis,
      PrintStream log) {
    double rate = start;
    double pass = 0;
    double fail = Double.POSITIVE_INFINITY;
    Step best = null;
    for (int i = 0; i < plan.maxSteps(); i++) {
      Step step = stepper.run(rate);
      boolean passed = step.passes(boundMillis);
      String redis = Double.isNaN(step.helperCores()) ? ""
          : String.format(java.util.Locale.ROOT, ", redis %.2f", step.helperCores());
      log.printf("      step %,.0f deliveries/s: p99 %.1f ms, server %.2f cores%s, "
          + "generator %.2f, other %.2f -> %s%n", rate, step.p99Millis(), step.serverCores(),
          redis, step.generatorCores(), step.otherCores(), passed ? "pass" : "fail");
      if (passed) {
        pass = rate;
        best = step;
      } else {
        fail = Math.min(fail, rate);
      }
      if (fail == Double.POSITIVE_INFINITY) {
        rate *= 2;
      } else if (pass == 0) {
        rate /= 3;
        if (rate < lowest) {
          break; // even single messages miss the bound: a lower rate cannot help
        }
      } else if (fail / pass <= 1 + plan.precision()) {
        break;
      } else {
        rate = Math.sqrt(pass * fail);
      }
    }
    return best;
  }
}
