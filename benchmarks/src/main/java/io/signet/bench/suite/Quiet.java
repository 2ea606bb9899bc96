package io.signet.bench.suite;

import java.time.Duration;

/**
 * Waits for the machine to be quiet before a measurement: the suite cannot stop other processes
 * (builds, tests) that share the machine, but it can avoid measuring while they run. Every
 * measurement still records the CPU others used during it ("other CPU"), so what noise remains
 * is visible in the report.
 */
final class Quiet {
  /** Other processes may use this much of a core and the machine still counts as quiet. */
  private static final double THRESHOLD_CORES = 0.2;
  private static final long SAMPLE_MILLIS = 1000;

  private Quiet() {}

  /**
   * Waits until, over one second, the machine's busy time outside this process and the given
   * servers (and their Redis) is below the threshold, or {@code limit} has passed.
   *
   * @return how long it waited
   */
  static Duration await(Duration limit, Deployment... servers) {
    if (limit.isZero() || limit.isNegative()) {
      return Duration.ZERO;
    }
    long started = System.nanoTime();
    long deadline = started + limit.toNanos();
    boolean waited = false;
    while (true) {
      double others = othersOverOneSecond(servers);
      if (others < THRESHOLD_CORES) {
        break;
      }
      if (System.nanoTime() > deadline) {
        Suite.log().printf("      (machine still busy: %.2f cores of others; measuring anyway)%n",
            others);
        break;
      }
      if (!waited) {
        Suite.log().printf("      (waiting for other processes: %.2f cores)%n", others);
        waited = true;
      }
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static double othersOverOneSecond(Deployment... servers) {
    long machine0 = ProcStats.machineBusyNanos();
    long ours0 = ours(servers);
    long wall0 = System.nanoTime();
    Fleet.sleep(SAMPLE_MILLIS);
    long machine = ProcStats.machineBusyNanos() - machine0;
    long ours = ours(servers) - ours0;
    return (double) (machine - ours) / (System.nanoTime() - wall0);
  }

  private static long ours(Deployment... servers) {
    long total = ProcStats.cpuNanos(ProcStats.self());
    for (Deployment server : servers) {
      if (server != null) {
        for (long pid : server.serverPids()) {
          total += ProcStats.cpuNanos(pid);
        }
        for (long pid : server.helperPids()) {
          total += ProcStats.cpuNanos(pid);
        }
      }
    }
    return total;
  }
}
