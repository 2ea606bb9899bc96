package io.signet.bench.suite;

import io.signet.bench.client.Protocol;
import io.signet.bench.client.Transport;
import java.util.List;

/**
 * Warms a freshly started server up before anything is measured on it. On one core, the JIT
 * compilers compete with the server for that core for about ten seconds of load; measuring before
 * they are done measures the compiler. The workout runs the scenarios' own code paths (echo,
 * fan-out, connects, SSE and long polling; WebSocket echo and fan-out only for the servers
 * measured on WebSocket fan-outs alone) with lighter settings, and records nothing; each
 * scenario then has its own short warm-up as well. A cluster's nodes are warmed up with the
 * scale-out fan-outs, which reach both nodes and Redis.
 */
final class Workout {
  private Workout() {}

  /**
   * Warms {@code server} up with clients speaking {@code protocol} (JSON but for Socket.IO);
   * Signet also with MessagePack clients.
   */
  static void run(Plan plan, String server, Deployment deployment, Protocol protocol) {
    if (server.equals(Results.CLUSTER) && !plan.isFull()) {
      // The quick plan checks that scale-out works and loses nothing, never how fast: warming
      // a cluster up would take as long as its runs and prove nothing more.
      return;
    }
    EchoScenario echo = new EchoScenario(Transport.WEBSOCKETS, plan.echoClients(), null);
    FanoutScenario broadcast = new FanoutScenario(Fanout.Shape.BROADCAST, Transport.WEBSOCKETS,
        plan.broadcastSizes().get(0), null);
    List<Scenario> drills = switch (server) {
      case Results.CLUSTER -> Suite.ScenarioList.scaleOut(plan);
      case Results.SIGNET, Results.FLOOR -> List.of(echo, broadcast,
          new ConnectScenario(Math.max(10, plan.connectCount() / 5), null),
          new EchoScenario(Transport.SSE, plan.transportClients(), null),
          new EchoScenario(Transport.LONG_POLLING, plan.transportClients(), null));
      // The servers measured on WebSocket fan-outs only.
      default -> List.of(echo, broadcast);
    };
    Plan light = plan.workout();
    Results scratch = new Results(1);
    for (Scenario drill : drills) {
      drill(drill, new Run(light, Results.SIGNET, 0, deployment, scratch, protocol));
    }
    if (server.equals(Results.SIGNET)) {
      // Only Signet speaks MessagePack; its code paths need their own warm-up.
      for (Scenario drill : Suite.ScenarioList.protocols(plan)) {
        drill(drill, new Run(light, Results.SIGNET, 0, deployment, scratch,
            Protocol.MESSAGEPACK));
      }
    }
  }

  private static void drill(Scenario drill, Run run) {
    try {
      drill.execute(run);
    } catch (RuntimeException e) {
      // A drill that misses its latency bound still warmed the server up; a dead server fails
      // the scenario that comes next.
      Suite.log().println("   (warm-up drill " + drill.name() + ": " + e.getMessage() + ")");
    }
  }
}
