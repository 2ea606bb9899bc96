package io.signet.bench.suite;

import io.signet.bench.client.Target;
import io.signet.bench.client.Transport;

/**
 * One scenario against one freshly started server process: where its numbers go and how it
 * measures CPU.
 *
 * @param plan the suite's sizes
 * @param server {@link Results#SIGNET} or {@link Results#FLOOR}
 * @param rep the repetition, from 0
 * @param process the server process
 * @param results where numbers go
 */
record Run(Plan plan, String server, int rep, ServerProcess process, Results results) {
  /** Source addresses clients bind to: 8 × ~28,000 ephemeral ports is plenty. */
  private static final int SOURCES = 8;

  /** A new fleet of clients of this run's server; close it. */
  Fleet fleet(Transport transport) {
    return new Fleet(transport, Target.loopback(process.port(), "/bench", SOURCES));
  }

  void add(Results.Row row, double value) {
    results.add(row, server, rep, value);
  }

  void extra(Results.Row row, String name, double value) {
    results.extra(row, name, server, rep, value);
  }

  /** Starts measuring the server's and the generator's CPU time. */
  Meter meter() {
    return new Meter(process);
  }

  /** CPU time of the server and the generator over an interval. */
  static final class Meter {
    private final ServerProcess process;
    private final long wall0 = System.nanoTime();
    private final long server0;
    private final long generator0;
    private final long machine0;
    private long wall;
    private long server;
    private long generator;
    private long machine;

    Meter(ServerProcess process) {
      this.process = process;
      this.server0 = process.cpuNanos();
      this.generator0 = ProcStats.cpuNanos(ProcStats.self());
      this.machine0 = ProcStats.machineBusyNanos();
    }

    /** Ends the interval. */
    Meter stop() {
      wall = System.nanoTime() - wall0;
      server = process.cpuNanos() - server0;
      generator = ProcStats.cpuNanos(ProcStats.self()) - generator0;
      machine = ProcStats.machineBusyNanos() - machine0;
      return this;
    }

    /**
     * CPU the machine spent on anything but the server and the generator, in cores: other
     * processes, and kernel work not charged to either (some loopback packet processing).
     */
    double otherCores() {
      return Math.max(0, (double) (machine - server - generator) / wall);
    }

    double seconds() {
      return wall / 1e9;
    }

    /** Server CPU seconds spent per million {@code units} (deliveries, calls). */
    double serverCpuPerMillion(long units) {
      return units <= 0 ? Double.NaN : (server / 1e9) / (units / 1e6);
    }

    /** Server CPU time as a fraction of one core. */
    double serverCores() {
      return (double) server / wall;
    }

    /** Generator CPU time as a fraction of one core. */
    double generatorCores() {
      return (double) generator / wall;
    }

    double serverCpuSeconds() {
      return server / 1e9;
    }
  }
}
