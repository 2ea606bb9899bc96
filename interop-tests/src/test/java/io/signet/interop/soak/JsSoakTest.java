package io.signet.interop.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signet.hub.HubContext;
import io.signet.hub.internal.HubEndpointRuntime;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The soak: {@code js/soak.mjs} runs thousands of clients of the official JavaScript client
 * ({@code @microsoft/signalr}) in a dozen Node processes against one real Signet server on Jetty,
 * over WebSockets, Server-Sent Events and long polling at once, with joins, leaves, clean stops,
 * abrupt disconnects (cut networks, killed processes), automatic reconnects, group sends and
 * broadcasts. The script checks the clients' side: every acknowledged message reached every
 * stable recipient exactly once and in order, no message was doubled, reordered, corrupted or
 * misdelivered anywhere, and no connection ended that the test did not end (see its header).
 * This test then checks the server's side once every client is gone: the connection registry
 * and the hub's live connections are empty, every group used is empty, and the heap after a full
 * GC is back within {@link #HEAP_TOLERANCE} of its level after a warm-up.
 *
 * <p>By default (in {@code mvn verify}) it runs {@value #DEFAULT_CLIENTS} clients for one minute,
 * which takes about two minutes in all. Longer, or with more clients:
 *
 * <pre>
 * mvn -o -pl interop-tests -am verify -Dtest=JsSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsoak.duration=PT30M -Dsoak.clients=1500
 * </pre>
 *
 * <p>{@code soak.duration} is an ISO-8601 duration; {@code soak.clients} counts stable clients
 * (40 %) and churn slots (60 %) together. The test's deadlines grow with the duration. The
 * counts of a run are printed at its end and written to {@code target/soak-report.json}.
 *
 * <p>The clients cost more CPU than the server: 1,500 of them take about one core of this
 * two-core machine, the server a third of one. On a machine busy with other work the client
 * processes can be starved for seconds at a time ({@code longestEventLoopDelayMs} in the
 * report); the server's timeouts are set so that this is not taken for a vanished client (see
 * {@link #startSignet()}), but a starved client can still miss its own deadlines. More clients
 * than the default want a quiet machine or more cores.
 */
class JsSoakTest {
  private static final int DEFAULT_CLIENTS = 1500;
  private static final Duration DEFAULT_DURATION = Duration.ofMinutes(1);

  /**
   * How far the heap after a full GC may lie above its level after the warm-up. Measured, it comes
   * back to within 2 MiB; what may legitimately stay is small and bounded (Jetty's buffer pools,
   * the pools' threads, caches filled once). A live connection holds about 9 KB of heap on the
   * server, so leaking a fraction of each connection, or whole connections anywhere outside the
   * registry and the groups (which are checked one by one), shows once about 1,800 of them leak:
   * in the default run, roughly every second connection; in a long run, a small fraction.
   */
  static final long HEAP_TOLERANCE = 16L << 20;

  /**
   * Connections of vanished clients end within the server's timeouts (about 40 s at most, see
   * {@link #startSignet()}); this leaves ample room.
   */
  private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(120);

  @Test
  void soak() throws Exception {
    Duration duration = Duration.parse(System.getProperty("soak.duration",
        DEFAULT_DURATION.toString()));
    int clients = Integer.getInteger("soak.clients", DEFAULT_CLIENTS);
    // The run, and a few minutes for connecting, finishing and settling.
    Duration timeout = duration.plusMinutes(10);
    assertTimeoutPreemptively(timeout, () -> soak(duration, clients),
        () -> "the soak did not end within " + timeout);
  }

  private void soak(Duration duration, int clients) throws Exception {
    requireFileDescriptors(clients);
    Signet signet = startSignet();
    try (SignetServer server = startServer(signet)) {
      String baseUrl = "http://127.0.0.1:" + server.port();
      HubContext<SoakHub> hub = signet.hubContext(SoakHub.class);

      // Every class and cache a call needs is loaded before the baseline is taken.
      runNode(Duration.ofMinutes(1), "soak.mjs", "--warm-up", baseUrl);
      awaitSettled(signet, hub, List.of("warm-up"));
      long baseline = usedHeapAfterFullGc();

      JsonNode report = runSoak(baseUrl, duration, clients);
      Files.writeString(Path.of("target", "soak-report.json"), report.toPrettyString());
      assertThat(report.get("failureCount").asInt())
          .as("failures seen by the clients: %s", report.get("failures"))
          .isZero();
      // The run did what it claims: no vacuous pass.
      assertThat(report.get("connectionsOpened").asLong()).isGreaterThan(clients);
      report.get("connectionsOpenedByTransport")
          .forEach(count -> assertThat(count.asLong()).isGreaterThanOrEqualTo(clients / 3));
      assertThat(report.get("churnProcessKills").asLong()).isPositive();
      assertThat(report.get("killedConnections").asLong()).isPositive();
      assertThat(report.get("networkCuts").asLong()).isPositive();
      assertThat(report.get("cutsDuringInvoke").asLong()).isPositive();
      assertThat(report.get("abruptEnds").asLong()).isPositive();
      assertThat(report.get("reconnects").asLong()).isPositive();
      assertThat(report.get("leaves").asLong()).isPositive();
      assertThat(report.get("acknowledgedToStableClients").asLong()).isPositive();
      assertThat(report.get("deliveriesChecked").asLong()).isPositive();

      long settleStart = System.nanoTime();
      awaitSettled(signet, hub, groupsOf(report));
      long settledMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - settleStart);
      long after = awaitHeap(baseline);
      System.out.printf("Soak over %s with %d clients: %s%n"
              + "Server settled %d ms after the last client; heap after full GC %d MiB, "
              + "%d MiB after the warm-up (tolerance %d MiB)%n",
          duration, clients, summary(report), settledMillis, after >> 20, baseline >> 20,
          HEAP_TOLERANCE >> 20);
    } finally {
      signet.close();
    }
  }

  private static Signet startSignet() {
    // One timeout shorter than its default, so that a long-polling client that vanished (killed,
    // or its network cut) ends within 40 s: a poll waits at most longPollTimeout (10 s instead
    // of 90 s) before it is answered, and the connection ends disconnectTimeout after that answer
    // if no new poll comes. Two longer, so that a client process starved of CPU on a busy
    // machine (its event loop seconds late) is not taken for gone: disconnectTimeout and
    // handshakeTimeout (which Signet counts from negotiate) 30 s instead of 15 s. WebSockets
    // and SSE connections of killed clients end at the first write that fails; broadcasts and
    // pings (keepAliveInterval, 15 s) guarantee one.
    return Signet.builder()
        .hub(SoakHub.class)
        .options(o -> o
            .longPollTimeout(Duration.ofSeconds(10))
            .disconnectTimeout(Duration.ofSeconds(30))
            .handshakeTimeout(Duration.ofSeconds(30)))
        .build();
  }

  private static SignetServer startServer(Signet signet) {
    try {
      // A client process starved of CPU may open a socket and write its request seconds later;
      // the default header timeout (10 s, against slowloris) would close it and the client
      // would report a failure the server did not cause.
      return SignetServer.builder().port(0).host("127.0.0.1").signet(signet)
          .headerTimeout(Duration.ofSeconds(60))
          .start();
    } catch (RuntimeException e) {
      signet.close();
      throw e;
    }
  }

  /** Runs soak.mjs and returns its report. */
  private static JsonNode runSoak(String baseUrl, Duration duration, int clients)
      throws Exception {
    Path reportFile = Files.createTempFile("signet-soak-", ".json");
    try {
      // The script's own deadlines (60 s for processes to finish, 60 s for the fence, 30 s for
      // the stops) bound it; this one only catches a hung process.
      runNode(duration.plusMinutes(4), "soak.mjs", baseUrl, Long.toString(duration.toSeconds()),
          Integer.toString(clients), reportFile.toString());
      return new ObjectMapper().readTree(reportFile.toFile());
    } finally {
      Files.deleteIfExists(reportFile);
    }
  }

  /** Runs a Node script in js/ and fails unless it exits with 0 within {@code limit}. */
  private static void runNode(Duration limit, String... arguments) throws Exception {
    Path output = Files.createTempFile("signet-soak-", ".log");
    Process process = null;
    try {
      List<String> command = new ArrayList<>();
      command.add(node());
      command.addAll(List.of(arguments));
      process = new ProcessBuilder(command)
          .directory(jsDir().toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        fail("%s did not finish within %s; output:%n%s", command, limit, tail(output));
      }
      assertThat(process.exitValue())
          .as("exit code of %s; output:%n%s", command, tail(output))
          .isZero();
    } finally {
      if (process != null && process.isAlive()) {
        // Its child processes notice the lost IPC channel and exit on their own.
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(output);
    }
  }

  /**
   * Waits until the server holds no connection and no group member any more: the registry (which
   * counts negotiated connections without a transport too), the hub's live connections, and the
   * members of every group the run used.
   */
  private static void awaitSettled(Signet signet, HubContext<SoakHub> hub, List<String> groups) {
    // The hub's count of connections with a transport attached, besides the registry's.
    HubEndpointRuntime<?> runtime = (HubEndpointRuntime<?>) hub;
    await("the connection registry and the hub's live connections are empty", () -> {
      Map<String, Integer> counts = new TreeMap<>();
      counts.put("registry", signet.registeredConnectionCount());
      counts.put("hub", runtime.connectionCount());
      return counts;
    }, counts -> counts.values().stream().allMatch(count -> count == 0));
    await("every group is empty", () -> {
      Map<String, Set<String>> members = new TreeMap<>();
      for (String group : groups) {
        Set<String> ids = hub.presence().groupConnections(group).toCompletableFuture().join();
        if (!ids.isEmpty()) {
          members.put(group, ids);
        }
      }
      return members;
    }, Map::isEmpty);
  }

  /**
   * The heap once it is back within the tolerance of {@code baseline}, measured after a full GC
   * each time. Awaited rather than measured once: what ended connections leave behind for a while
   * on purpose (the tokens of ended long-polling connections, kept for the disconnect timeout to
   * answer late polls) goes only after that; a leak does not go at all.
   */
  private static long awaitHeap(long baseline) {
    return await("the heap after a full GC is within " + (HEAP_TOLERANCE >> 20) + " MiB of the "
            + (baseline >> 20) + " MiB after the warm-up",
        JsSoakTest::usedHeapAfterFullGc, used -> used <= baseline + HEAP_TOLERANCE);
  }

  /** Used heap after {@code System.gc()}, the least of three (a full, stop-the-world GC). */
  private static long usedHeapAfterFullGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** Polls {@code probe} until {@code done} holds, failing with the last answer at the deadline. */
  private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
    while (true) {
      T answer = probe.get();
      if (done.test(answer)) {
        return answer;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not so within " + SETTLE_DEADLINE.toSeconds()
            + " s; last answer: " + answer);
      }
      try {
        Thread.sleep(200); // polling interval, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what, e);
      }
    }
  }

  /**
   * Fails unless the process may open enough files: each client holds a socket or two at each
   * end, and the Node processes inherit this JVM's limit.
   */
  private static void requireFileDescriptors(int clients) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long needed = 3L * clients + 1024;
      assertThat(unix.getMaxFileDescriptorCount())
          .as("the open-file limit (ulimit -n) for a soak with %d clients; raise it or lower "
              + "-Dsoak.clients", clients)
          .isGreaterThanOrEqualTo(needed);
    }
  }

  private static List<String> groupsOf(JsonNode report) {
    List<String> groups = new ArrayList<>();
    report.get("stableGroups").forEach(group -> groups.add(group.asText()));
    report.get("churnGroups").forEach(group -> groups.add(group.asText()));
    return groups;
  }

  private static String summary(JsonNode report) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, JsonNode> field : report.properties()) {
      if (!List.of("stableGroups", "churnGroups", "failures").contains(field.getKey())) {
        text.append(text.length() == 0 ? "" : ", ").append(field.getKey()).append(' ')
            .append(field.getValue());
      }
    }
    return text.toString();
  }

  private static Path jsDir() {
    Path dir = Path.of(System.getProperty("interop.jsDir", "js")).toAbsolutePath();
    assertThat(dir.resolve("node_modules/@microsoft/signalr"))
        .as("the JavaScript client in %s; run `npm ci` there (mvn does it in "
            + "generate-test-resources)", dir)
        .isDirectory();
    return dir;
  }

  private static String node() {
    return System.getProperty("interop.node", "node");
  }

  /** The last 200 lines of the output: a failing soak can print thousands. */
  private static String tail(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
  }
}
