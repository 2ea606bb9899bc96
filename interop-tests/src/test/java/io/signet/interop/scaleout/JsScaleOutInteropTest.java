package io.signet.interop.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each scenario of {@code js/scaleout.mjs} with Node and the official JavaScript client
 * ({@code @microsoft/signalr}, pinned in {@code js/package.json}) against a {@link Cluster} of
 * three Signet nodes sharing one real {@code redis-server}, once per transport in JSON and once
 * per transport that carries binary in MessagePack ({@code @microsoft/signalr-protocol-msgpack}).
 * Clients are spread over the nodes; {@code noStickySessions} sends every request of one
 * connection to another node than the one before; {@code protocolsMixedInOneGroup} puts clients
 * of both protocols in one group and runs once with each as its home client's. A scenario passes
 * when its process exits with 0; its output is shown otherwise.
 *
 * <p>One cluster serves every case, one case at a time; the scenarios make their group and user
 * names unique where a leftover of an earlier case could see them. Sends to everyone reach every
 * connection of the cluster, so the cases must not run in parallel.
 */
class JsScaleOutInteropTest {
  private static final List<String> TRANSPORTS =
      List.of("WebSockets", "ServerSentEvents", "LongPolling");

  /** Server-Sent Events are text only: negotiate offers them to no MessagePack client. */
  private static final List<String> BINARY_TRANSPORTS = List.of("WebSockets", "LongPolling");

  private static final List<String> PROTOCOLS = List.of("json", "messagepack");

  private static final List<String> SCENARIOS = List.of(
      "sendKinds",
      "groupsAcrossNodes",
      "userOnTwoNodes",
      "clientResults",
      "sequenceInOrder",
      "presence",
      "noStickySessions",
      "stopWithSendInFlight",
      "protocolsMixedInOneGroup");

  /** A scenario never takes this long; a hung Node process is destroyed and the case fails. */
  private static final long PROCESS_TIMEOUT_SECONDS = 60;

  private static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Every scenario over every transport its protocol can use, in each protocol. */
  static Stream<Arguments> cases() {
    return PROTOCOLS.stream().flatMap(protocol -> SCENARIOS.stream()
        .flatMap(scenario -> transportsOf(scenario, protocol).stream()
            .map(transport -> Arguments.of(scenario, transport, protocol))));
  }

  /** A scenario with MessagePack clients in it needs a transport that carries binary. */
  private static List<String> transportsOf(String scenario, String protocol) {
    return protocol.equals("json") && !scenario.equals("protocolsMixedInOneGroup")
        ? TRANSPORTS : BINARY_TRANSPORTS;
  }

  @ParameterizedTest(name = "{0} over {1} in {2}")
  @MethodSource("cases")
  void scenario(String scenario, String transport, String protocol) throws Exception {
    Path output = Files.createTempFile("signet-scaleout-", ".log");
    try {
      Process process = new ProcessBuilder(node(), "scaleout.mjs", scenario, cluster.baseUrls(),
          transport, protocol)
          .directory(jsDir().toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("%s over %s in %s did not finish within %d s; output:%n%s",
            scenario, transport, protocol, PROCESS_TIMEOUT_SECONDS, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code of %s over %s in %s; output:%n%s", scenario, transport, protocol,
              read(output))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
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

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
