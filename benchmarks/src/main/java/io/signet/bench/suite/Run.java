package io.signet.bench.suite;

import io.signet.bench.client.Protocol;
import io.signet.bench.client.Target;
import io.signet.bench.client.Transport;
import java.util.List;

/**
 * One scenario against one server process (or one cluster): where its numbers go and how it
 * measures CPU.
 *
 * @param plan the suite's sizes
 * @param server the results column its numbers go to: {@link Results#SIGNET} or
 *     {@link Results#FLOOR} (for scale-out scenarios, the cluster and the single server)
 * @param rep the repetition, from 0
 * @param deployment the server process, or the cluster
 * @param results where numbers go
 * @param protocol the hub protocol the run's clients speak
 */
record Run(Plan plan, String server, int rep, Deployment deployment, Results results,
    Protocol protocol) {
  /** Source addresses clients bind to: 8 × ~28,000 ephemeral ports is plenty. */
  private static final int SOURCES = 8;

  /** A run whose clients speak JSON. */
  Run(Plan plan, String server, int rep, Deployment deployment, Results results) {
    this(plan, server, rep, deployment, results, Protocol.JSON);
  }

  /** The single server process of this run, for scenarios that read its heap or connections. */
  ServerProcess process() {
    if (deployment instanceof ServerProcess process) {
      return process;
    }
    throw new IllegalStateException("This scenario needs a single server, not a cluster");
  }

  /** A new fleet of clients of this run's server, spread over its nodes; close it. */
  Fleet fleet(Transport transport) {
    List<Target> targets = deployment.ports().stream()
        .map(port -> Target.loopback(port, "/bench", SOURCES))
        .toList();
    return new Fleet(transport, protocol, targets);
  }

  void add(Results.Row row, double value) {
    results.add(row, server, rep, value);
  }

  void extra(Results.Row row, String name, double value) {
    results.extra(row, name, server, rep, value);
  }

  /** Starts measuring the servers', their helpers' and the generator's CPU time. */
  Meter meter() {
    return new Meter(deployment);
  }

  /** CPU time of the servers, their helpers (Redis) and the generator over an interval. */
  static final class Meter {
    private final Deployment deployment;
    private final long wall0 = System.nanoTime();
    private final long server0;
    private final long helper0;
    private final long generator0;
    private final long machine0;
    private long wall;
    private long server;
    private long helper;
    private long generator;
    private long machine;

    Meter(Deployment deployment) {
      this.deployment = deployment;
      this.server0 = cpuNanos(deployment.serverPids());
      this.helper0 = helperNanos(deployment.helperPids());
      this.generator0 = ProcStats.cpuNanos(ProcStats.self());
      this.machine0 = ProcStats.machineBusyNanos();
    }

    /** Ends the interval. */
    Meter stop() {
      wall = System.nanoTime() - wall0;
      server = cpuNanos(deployment.serverPids()) - server0;
      helper = helperNanos(deployment.helperPids()) - helper0;
      generator = ProcStats.cpuNanos(ProcStats.self()) - generator0;
      machine = ProcStats.machineBusyNanos() - machine0;
      return this;
    }

    private static long cpuNanos(List<Long> pids) {
      long total = 0;
      for (long pid : pids) {
        total += ProcStats.cpuNanos(pid);
      }
      return total;
    }

    /** Redis uses milliseconds of CPU per step: clock ticks would be too coarse. */
    private static long helperNanos(List<Long> pids) {
      long total = 0;
      for (long pid : pids) {
        total += ProcStats.threadsCpuNanos(pid);
      }
      return total;
    }

    /**
     * CPU the machine spent on anything but the servers, their helpers and the generator, in
     * cores: other processes, and kernel work not charged to any of them (some loopback packet
     * processing).
     */
    double otherCores() {
      return Math.max(0, (double) (machine - server - helper - generator) / wall);
    }

    double seconds() {
      return wall / 1e9;
    }

    /** Server CPU seconds (every node's) spent per million {@code units} (deliveries, calls). */
    double serverCpuPerMillion(long units) {
      return units <= 0 ? Double.NaN : (server / 1e9) / (units / 1e6);
    }

    /** Server CPU time (every node's) as a fraction of one core. */
    double serverCores() {
      return (double) server / wall;
    }

    /** Helper (Redis) CPU seconds per million {@code units}; NaN without helpers. */
    double helperCpuPerMillion(long units) {
      return units <= 0 || deployment.helperPids().isEmpty() ? Double.NaN
          : (helper / 1e9) / (units / 1e6);
    }

    /** Helper (Redis) CPU time as a fraction of one core; NaN without helpers. */
    double helperCores() {
      return deployment.helperPids().isEmpty() ? Double.NaN : (double) helper / wall;
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
