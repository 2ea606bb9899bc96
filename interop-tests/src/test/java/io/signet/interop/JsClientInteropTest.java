package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.interop.InteropServer.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each scenario of {@code js/scenarios.mjs} with Node and the official JavaScript client
 * ({@code @microsoft/signalr}, pinned in {@code js/package.json}) against Signet, once per
 * transport. A scenario passes when its process exits with 0; its output is shown otherwise.
 */
class JsClientInteropTest {
  /** The transports every scenario runs over. */
  private static final List<String> TRANSPORTS =
      List.of("WebSockets", "ServerSentEvents", "LongPolling");

  private static final List<Scenario> SCENARIOS = List.of(
      new Scenario("negotiate", Variant.STANDARD),
      new Scenario("connectionId", Variant.STANDARD),
      new Scenario("invokeWithValue", Variant.STANDARD),
      new Scenario("sendIsOrdered", Variant.STANDARD),
      new Scenario("broadcastInOrder", Variant.STANDARD),
      new Scenario("groups", Variant.STANDARD),
      new Scenario("callerOthersClient", Variant.STANDARD),
      new Scenario("typedClients", Variant.STANDARD),
      new Scenario("hubContextFromRest", Variant.STANDARD),
      new Scenario("errors", Variant.STANDARD),
      new Scenario("detailedErrors", Variant.DETAILED_ERRORS),
      new Scenario("closeWithErrorFromOnConnected", Variant.STANDARD),
      new Scenario("abortFromHub", Variant.STANDARD),
      new Scenario("clientStop", Variant.STANDARD),
      new Scenario("keepAlive", Variant.FAST_KEEP_ALIVE),
      // Long polling has no pings in either direction, so there is no client timeout to provoke.
      new Scenario("clientTimeout", Variant.SHORT_CLIENT_TIMEOUT, Set.of("LongPolling")),
      new Scenario("messageSizeLimit", Variant.STANDARD),
      new Scenario("chatExample", Variant.STANDARD),
      new Scenario("streamItemsInOrder", Variant.STANDARD),
      new Scenario("streamCancel", Variant.STANDARD),
      new Scenario("streamCancelWhileAnInvocationWaits", Variant.STANDARD),
      new Scenario("streamStopsWithItsConnection", Variant.STANDARD),
      new Scenario("streamErrors", Variant.STANDARD),
      new Scenario("streamMisuse", Variant.STANDARD),
      new Scenario("uploadInOrder", Variant.STANDARD),
      new Scenario("uploadErrors", Variant.STANDARD),
      new Scenario("clientResultValue", Variant.STANDARD),
      new Scenario("clientResultErrors", Variant.STANDARD),
      new Scenario("clientResultTimeout", Variant.STANDARD),
      new Scenario("clientResultFromAnotherClient", Variant.STANDARD),
      new Scenario("clientResultDisconnected", Variant.STANDARD),
      new Scenario("clientResultFromRest", Variant.STANDARD),
      new Scenario("clientResultWithOneInvocationSlot", Variant.STANDARD),
      new Scenario("clientResultRefusedInOnConnected", Variant.STANDARD),
      new Scenario("authenticatedUser", Variant.STANDARD),
      new Scenario("unauthenticatedRefused", Variant.STANDARD),
      new Scenario("roleRequired", Variant.STANDARD),
      new Scenario("sendToUser", Variant.STANDARD),
      new Scenario("filterRejects", Variant.FILTERS),
      new Scenario("filterOrder", Variant.FILTERS),
      new Scenario("filterSeesHubExceptions", Variant.FILTERS));

  /** A scenario never takes this long; a hung Node process is destroyed and the case fails. */
  private static final long PROCESS_TIMEOUT_SECONDS = 60;

  private static InteropServer server;

  @BeforeAll
  static void startServers() {
    server = InteropServer.start();
  }

  @AfterAll
  static void stopServers() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> cases() {
    Stream<Arguments> perTransport = SCENARIOS.stream()
        .flatMap(scenario -> TRANSPORTS.stream()
            .filter(transport -> !scenario.notOver().contains(transport))
            .map(transport -> Arguments.of(scenario, transport, "json")));
    // Negotiation and fallback: the client is left to choose ("Any"), as applications do.
    Stream<Arguments> fallback = Stream.of(
            "fallbackToServerSentEvents", "fallbackToLongPolling", "websocketsPreferredWhenOffered")
        .map(name -> Arguments.of(new Scenario(name, Variant.STANDARD), "Any", "json"));
    // A forced transport the endpoint does not offer.
    Stream<Arguments> refused = Stream.of("WebSockets", "ServerSentEvents")
        .map(transport -> Arguments.of(
            new Scenario("disabledTransportRefused", Variant.STANDARD), transport, "json"));
    // The portable Jakarta WebSocket transport (Tomcat's and Undertow's) gets every scenario of
    // the standard server too; the server runs Jetty's native one otherwise.
    Stream<Arguments> portable = SCENARIOS.stream()
        .filter(scenario -> scenario.server() == Variant.STANDARD)
        .map(scenario -> Arguments.of(
            new Scenario(scenario.name(), Variant.PORTABLE_WEBSOCKETS), "WebSockets", "json"));
    // MessagePack (@microsoft/signalr-protocol-msgpack): every scenario over the transports that
    // carry binary, on both WebSocket transports; Server-Sent Events cannot carry it.
    Stream<Arguments> messagePack = Stream.concat(
        SCENARIOS.stream()
            .flatMap(scenario -> Stream.of("WebSockets", "LongPolling")
                .filter(transport -> !scenario.notOver().contains(transport))
                .map(transport -> Arguments.of(scenario, transport, "messagepack"))),
        SCENARIOS.stream()
            .filter(scenario -> scenario.server() == Variant.STANDARD)
            .map(scenario -> Arguments.of(new Scenario(scenario.name(),
                Variant.PORTABLE_WEBSOCKETS), "WebSockets", "messagepack")));
    Stream<Arguments> messagePackNegotiation = Stream.of(
        Arguments.of(new Scenario("messagePackSkipsServerSentEvents", Variant.STANDARD), "Any",
            "messagepack"),
        Arguments.of(new Scenario("messagePackRefusedOverServerSentEvents", Variant.STANDARD),
            "ServerSentEvents", "messagepack"),
        Arguments.of(new Scenario("jsonAndMessagePackShareABroadcast", Variant.STANDARD),
            "WebSockets", "json"),
        Arguments.of(new Scenario("jsonAndMessagePackShareABroadcast", Variant.STANDARD),
            "LongPolling", "json"));
    return Stream.of(perTransport, fallback, refused, portable, messagePack,
        messagePackNegotiation).flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0} over {1} in {2}")
  @MethodSource("cases")
  void scenario(Scenario scenario, String transport, String protocol) throws Exception {
    Path jsDir = jsDir();
    Path output = Files.createTempFile("signet-interop-", ".log");
    try {
      Process process = new ProcessBuilder(node(), "scenarios.mjs", scenario.name(),
          server.baseUrl(scenario.server()), transport, protocol)
          .directory(jsDir.toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("%s over %s did not finish within %d s; output:%n%s",
            scenario, transport, PROCESS_TIMEOUT_SECONDS, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code of %s over %s; output:%n%s", scenario, transport, read(output))
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

  /**
   * A scenario of {@code scenarios.mjs} and the server it runs against.
   *
   * @param name the scenario's function name
   * @param server the server variant whose base URL the scenario receives
   * @param notOver transports the scenario does not apply to
   */
  record Scenario(String name, Variant server, Set<String> notOver) {
    Scenario(String name, Variant server) {
      this(name, server, Set.of());
    }

    @Override
    public String toString() {
      return server == Variant.PORTABLE_WEBSOCKETS ? name + " (Jakarta WebSocket transport)" : name;
    }
  }
}
