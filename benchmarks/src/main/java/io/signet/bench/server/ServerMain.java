package io.signet.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The server process of a benchmark run: {@code ServerMain
 * signet|signet-jakarta|signet-metrics|floor|nio-floor <host> <port>}, or {@code ServerMain
 * signet-redis <host> <port> <redis-uri>} for one node of a scale-out cluster. The suite starts
 * one per run (one per node), so that the heap, RSS and CPU time it reads are this server's
 * alone.
 *
 * <p>It prints {@code READY <port>} once listening, then answers commands on standard input, one
 * per line: {@code heap} (collects garbage and prints {@code HEAP <bytes used>}), {@code conns}
 * ({@code CONNS <n>}) and {@code quit}. It exits when standard input closes, so it never
 * outlives the suite.
 */
public final class ServerMain {
  private ServerMain() {}

  /** Starts the server and serves commands until {@code quit} or end of input. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3 && !(args.length == 4 && args[0].equals("signet-redis"))) {
      System.err.println("usage: ServerMain signet|signet-jakarta|signet-metrics|floor|nio-floor"
          + " <host> <port>"
          + " | signet-redis <host> <port> <redis-uri>");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    String redisUri = args.length == 4 ? args[3] : null;
    try (BenchServer server = start(args[0], args[1], Integer.parseInt(args[2]), redisUri)) {
      out.println("READY " + server.port());
      serveCommands(server, out);
    }
    System.exit(0);
  }

  static BenchServer start(String kind, String host, int port, String redisUri)
      throws Exception {
    return switch (kind) {
      case "signet" -> SignetBenchServer.start(host, port);
      case "signet-redis" -> SignetBenchServer.start(host, port, redisUri);
      case "signet-jakarta" -> SignetBenchServer.startJakarta(host, port);
      case "signet-metrics" -> SignetBenchServer.startWithMetrics(host, port);
      case "floor" -> FloorServer.start(host, port);
      case "nio-floor" -> NioFloorServer.start(host, port);
      default -> throw new IllegalArgumentException("Unknown server " + kind);
    };
  }

  private static void serveCommands(BenchServer server, PrintStream out) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "heap" -> out.println("HEAP " + heapAfterGc());
        case "conns" -> out.println("CONNS " + server.connectionCount());
        case "quit" -> {
          return;
        }
        default -> out.println("ERROR unknown command " + line);
      }
    }
  }

  /** Heap in use after full collections, once it stops shrinking (at most five rounds). */
  private static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used - 64 * 1024) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
