package io.signet.bench.suite;

import io.signet.bench.client.Protocol;
import io.signet.bench.client.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs every scenario against Signet and the floor, interleaved: each repetition runs every
 * scenario on both servers, one after the other, alternating which goes first. The servers run in
 * their own processes pinned to core 0 while this process, the load generator, runs on the other
 * cores. Each repetition starts both servers afresh and warms them up ({@link Workout}); the
 * memory scenarios get a fresh process per run.
 *
 * <p>Scale-out scenarios run on a Signet cluster ({@link ScaleOutCluster}: redis-server and two
 * nodes, all on core 0 too) and on the single Signet server instead, alternating the same way.
 * The MessagePack scenarios run on Signet twice, with each protocol; the metrics scenario on
 * Signet without and with {@code SignetMetrics} (two server processes). The WebSocket fan-outs
 * run on five servers (Signet, the java.nio floor, Signet on its Jakarta transport, and the Node
 * peers), and each repetition starts with the next of them in turn. See
 * {@link Scenario.Comparison}.
 */
public final class Suite {
  private static volatile PrintStream log = System.out;

  private final Plan plan;
  private final Path logDirectory;
  private final String only;
  /** Waiting for quiet is bounded per run by the plan and for the whole suite by this. */
  private Duration quietBudget = Duration.ofMinutes(3);
  private int serverCore = -1;
  private String pinning = "none (fewer than 2 cores or no taskset)";

  /**
   * @param plan sizes and durations
   * @param logDirectory where each server process's standard error goes
   * @param only runs only the scenarios whose name contains this text; {@code null} for all
   */
  public Suite(Plan plan, Path logDirectory, String only) {
    this.plan = plan;
    this.logDirectory = logDirectory;
    this.only = only;
  }

  /** Where progress goes (standard output unless set). */
  static PrintStream log() {
    return log;
  }

  /** Sends progress to {@code out}. */
  public static void log(PrintStream out) {
    log = out;
  }

  /** How the server and the generator were placed on cores, for the report. */
  public String pinning() {
    return pinning;
  }

  /** Runs all scenarios; failures are recorded in the results, never thrown. */
  public Results run() {
    pin();
    Results results = new Results(plan.repetitions());
    ScenarioList scenarios = ScenarioList.of(plan);
    List<Scenario> selected = scenarios.all().stream()
        .filter(scenario -> only == null || scenario.name().contains(only))
        .toList();
    for (int rep = 0; rep < plan.repetitions(); rep++) {
      log.println("== Repetition " + (rep + 1) + " of " + plan.repetitions());
      try (Servers servers = new Servers(rep)) {
        for (int i = 0; i < selected.size(); i++) {
          Scenario scenario = selected.get(i);
          long started = System.nanoTime();
          log.println("-- " + scenario.name());
          // Alternate which side goes first, so that drift over time hits both alike.
          List<Side> sides = Side.of(scenario);
          List<Side> order = new ArrayList<>(sides);
          Collections.rotate(order, -((rep + i) % sides.size()));
          if (rep >= scenario.repetitions(plan)) {
            continue;
          }
          for (Side side : order) {
            runOnce(scenario, side, rep, results, servers);
          }
          results.ran(scenario.name());
          log.printf("   (%.0f s)%n", (System.nanoTime() - started) / 1e9);
        }
      }
    }
    scenarios.derive(results);
    return results;
  }

  private void runOnce(Scenario scenario, Side side, int rep, Results results,
      Servers servers) {
    log.printf("   %s, run %d%n", side.description(), rep + 1);
    try {
      if (scenario.freshServer()) {
        try (ServerProcess process = startServer(side.server())) {
          awaitQuiet(process);
          scenario.execute(new Run(plan, side.column(), rep, process, results, side.protocol()));
        }
      } else {
        Deployment deployment = servers.get(side.server());
        awaitQuiet(servers.all());
        scenario.execute(
            new Run(plan, side.column(), rep, deployment, results, side.protocol()));
      }
    } catch (RuntimeException e) {
      log.println("   FAILED: " + e.getMessage());
      results.fail(scenario.name(), side.description(), rep, String.valueOf(e.getMessage()));
      // Whatever state it is in, the next scenario gets a fresh one.
      servers.discard(side.server());
    }
  }

  private static String describe(String server) {
    return server.equals(Results.CLUSTER)
        ? "signet, " + ScaleOutCluster.NODES + " nodes over redis-server" : server;
  }

  /**
   * One side of a comparison: the server it runs on, the results column its figures go to and
   * the protocol its clients speak.
   */
  private record Side(String server, String column, Protocol protocol, String description) {

    private static Side of(String server) {
      return new Side(server, server, Protocol.JSON, server);
    }

    /** The sides of a scenario, the baseline first and Signet second, then any others. */
    static List<Side> of(Scenario scenario) {
      return switch (scenario.comparison()) {
        case FLOOR -> List.of(of(Results.FLOOR), of(Results.SIGNET));
        // The cluster (Signet column) against one Signet server (baseline).
        case SCALE_OUT -> List.of(
            new Side(Results.SIGNET, Results.FLOOR, Protocol.JSON, Results.SIGNET),
            new Side(Results.CLUSTER, Results.SIGNET, Protocol.JSON, describe(Results.CLUSTER)));
        // Both on Signet: MessagePack clients (Signet column) against JSON clients (baseline).
        case PROTOCOLS -> List.of(
            new Side(Results.SIGNET, Results.FLOOR, Protocol.JSON, "signet, JSON"),
            new Side(Results.SIGNET, Results.SIGNET, Protocol.MESSAGEPACK,
                "signet, MessagePack"));
        // Signet with SignetMetrics (Signet column) against Signet without (baseline).
        case METRICS -> List.of(
            new Side(Results.SIGNET, Results.FLOOR, Protocol.JSON, "signet, metrics off"),
            new Side(Results.SIGNET_METRICS, Results.SIGNET, Protocol.JSON,
                "signet, metrics on"));
        case PEERS -> List.of(
            new Side(Results.NIO_FLOOR, Results.FLOOR, Protocol.JSON, Results.NIO_FLOOR),
            of(Results.SIGNET), of(Results.SIGNET_JAKARTA), of(Results.NODE_WS),
            new Side(Results.SOCKET_IO, Results.SOCKET_IO, NodePeer.SOCKET_IO.protocol(),
                Results.SOCKET_IO));
      };
    }
  }

  private void awaitQuiet(Deployment... ours) {
    Duration limit = plan.quietWait().compareTo(quietBudget) < 0 ? plan.quietWait() : quietBudget;
    quietBudget = quietBudget.minus(Quiet.await(limit, ours));
  }

  private ServerProcess startServer(String server) {
    Path log = logDirectory.resolve(server + ".log");
    return switch (server) {
      case Results.NODE_WS -> startNode(NodePeer.SIGNALR_WS, log);
      case Results.SOCKET_IO -> startNode(NodePeer.SOCKET_IO, log);
      default -> ServerProcess.start(server, serverCore, log);
    };
  }

  /**
   * The warmed-up servers of one repetition (the floor, Signet, and the Signet cluster with its
   * Redis), each started on first use and kept for every scenario that does not need a fresh
   * one. They live at once, on the same core; those not under test are idle.
   */
  private final class Servers implements AutoCloseable {
    private final int rep;
    private final java.util.Map<String, Deployment> running = new java.util.HashMap<>();

    Servers(int rep) {
      this.rep = rep;
    }

    Deployment get(String server) {
      Deployment deployment = running.get(server);
      if (deployment == null) {
        long started = System.nanoTime();
        deployment = server.equals(Results.CLUSTER)
            ? ScaleOutCluster.start(serverCore, logDirectory) : startServer(server);
        running.put(server, deployment);
        Workout.run(plan, server, deployment, clients(server));
        log.printf("   (%s started and warmed up in %.0f s)%n", describe(server),
            (System.nanoTime() - started) / 1e9);
      }
      return deployment;
    }

    Deployment[] all() {
      return running.values().toArray(new Deployment[0]);
    }

    void discard(String server) {
      close(running.remove(server));
    }

    @Override
    public void close() {
      running.values().forEach(Servers::close);
      running.clear();
    }

    private static void close(Deployment deployment) {
      if (deployment instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.println("   (stopping a server failed: " + e + ")");
        }
      }
    }
  }

  private ServerProcess startNode(NodePeer peer, Path log) {
    return ServerProcess.startNode(peer.script(), serverCore, log);
  }

  /** What the clients of {@code server} speak while it warms up. */
  private static Protocol clients(String server) {
    return server.equals(Results.SOCKET_IO) ? NodePeer.SOCKET_IO.protocol() : Protocol.JSON;
  }

  /** Server on core 0, this process (the generator) on the others, when there are two or more. */
  private void pin() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      return;
    }
    String generatorCores = cores == 2 ? "1" : "1-" + (cores - 1);
    try {
      Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", generatorCores,
          Long.toString(ProcStats.self())).redirectErrorStream(true).start();
      taskset.getInputStream().readAllBytes();
      if (taskset.waitFor(10, TimeUnit.SECONDS) && taskset.exitValue() == 0) {
        serverCore = 0;
        pinning = "server on core 0 (for scale-out: both nodes and redis-server on core 0),"
            + " generator on core" + (cores == 2 ? " 1" : "s " + generatorCores) + " (taskset)";
      }
    } catch (IOException e) {
      log.println("Not pinning: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The scenarios of a plan, in the order they run, and the rows derived from several. */
  record ScenarioList(List<Scenario> all, FanoutScenario webSocketBroadcast,
      FanoutScenario longPollingBroadcast) {

    static ScenarioList of(Plan plan) {
      List<Scenario> all = new ArrayList<>();
      EchoScenario echo = new EchoScenario(Transport.WEBSOCKETS, plan.echoClients(),
          Results.Goal.ratioAtLeast(0.7));
      all.add(echo);
      all.add(new EchoRateScenario(Transport.WEBSOCKETS, plan.echoClients(), echo.peakRow(),
          plan.echoFractions(), 0.5, Results.Goal.ratioAtMost(1.5)));
      FanoutScenario wsBroadcast = null;
      for (int size : plan.broadcastSizes()) {
        FanoutScenario broadcast =
            FanoutScenario.againstPeers(Fanout.Shape.BROADCAST, size, plan.lowRates());
        all.add(broadcast);
        if (size == plan.transportClients()) {
          wsBroadcast = broadcast;
        }
      }
      all.add(FanoutScenario.againstPeers(Fanout.Shape.TEN_GROUPS, plan.groupClients(),
          plan.lowRates()));
      all.add(FanoutScenario.againstPeers(Fanout.Shape.GROUPS_OF_TEN, plan.groupClients(),
          plan.lowRates()));
      all.addAll(protocols(plan));
      all.add(metrics(plan));
      for (int size : plan.idleSizes()) {
        all.add(new IdleScenario(size, Results.Goal.excessAtMost(2048, "≤ floor + 2 KB")));
      }
      all.add(new ConnectScenario(plan.connectCount(), Results.Goal.ratioAtLeast(0.6)));
      FanoutScenario lpBroadcast = null;
      for (Transport transport : List.of(Transport.SSE, Transport.LONG_POLLING)) {
        EchoScenario transportEcho = new EchoScenario(transport, plan.transportClients(), null);
        all.add(transportEcho);
        all.add(new EchoRateScenario(transport, plan.transportClients(), transportEcho.peakRow(),
            List.of(0.5), 0.5, null));
        FanoutScenario broadcast = new FanoutScenario(Fanout.Shape.BROADCAST, transport,
            plan.transportClients(), null);
        all.add(broadcast);
        lpBroadcast = broadcast;
      }
      // Last, so that the cluster's idle processes share core 0 with no other scenario.
      all.addAll(scaleOut(plan));
      return new ScenarioList(List.copyOf(all), wsBroadcast, lpBroadcast);
    }

    /**
     * The scale-out fan-outs: a broadcast from one sender to the smaller broadcast size, and
     * group sends to ten groups of the group scenarios' size, each group on both nodes.
     */
    static List<Scenario> scaleOut(Plan plan) {
      return List.of(
          new ScaleOutScenario(Fanout.Shape.BROADCAST, plan.broadcastSizes().get(0), 1),
          new ScaleOutScenario(Fanout.Shape.TEN_GROUPS, plan.groupClients(), 0));
    }

    /**
     * MessagePack against JSON, both on Signet over WebSockets: the closed-loop echo, and the
     * broadcast to the smaller broadcast size.
     */
    static List<Scenario> protocols(Plan plan) {
      return List.of(EchoScenario.comparingProtocols(Transport.WEBSOCKETS, plan.echoClients()),
          FanoutScenario.comparingProtocols(Fanout.Shape.BROADCAST, Transport.WEBSOCKETS,
              plan.broadcastSizes().get(0)));
    }

    /**
     * Metrics on against off, both on Signet over its Jetty-native WebSockets: the broadcast to
     * the smaller broadcast size, with the server CPU per delivery at a fixed rate.
     */
    static Scenario metrics(Plan plan) {
      return FanoutScenario.comparingMetrics(Fanout.Shape.BROADCAST, Transport.WEBSOCKETS,
          plan.broadcastSizes().get(0));
    }

    /** Long polling against WebSockets, both on Signet, for the same broadcast. */
    void derive(Results results) {
      if (webSocketBroadcast == null || longPollingBroadcast == null) {
        return;
      }
      Results.Row derived = new Results.Row(longPollingBroadcast.row().scenario()
          + " vs WebSockets, both Signet", "deliveries/s at p99 < 100 ms", "deliveries/s",
          Results.Goal.ratioAtLeast(0.8), "Signet WebSockets");
      double[] lp = results.values(longPollingBroadcast.row(), Results.SIGNET);
      double[] ws = results.values(webSocketBroadcast.row(), Results.SIGNET);
      for (int rep = 0; rep < results.repetitions(); rep++) {
        results.add(derived, Results.SIGNET, rep, rep < lp.length ? lp[rep] : Double.NaN);
        results.add(derived, Results.FLOOR, rep, rep < ws.length ? ws[rep] : Double.NaN);
      }
    }
  }
}
