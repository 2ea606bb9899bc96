package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.jetty.SignetServer;
import io.signet.redis.RedisScaleOut;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stateful reconnect with the official JavaScript client ({@code withStatefulReconnect()}) over
 * WebSockets in Node: {@code js/stateful-reconnect.mjs} has a {@link TcpProxy} between it and
 * Signet cut the socket with a reset while messages flow both ways, checks that it resumes on the
 * same connection with every message delivered once and in order, and that an attempt held past
 * the window gets a new connection. Once per WebSocket transport and hub protocol (JSON and
 * MessagePack, {@code @microsoft/signalr-protocol-msgpack}).
 *
 * <p>And with two nodes over a real {@code redis-server}, with sticky sessions and with the
 * connection directory: the proxy sends the client to the first node, whose connection resumes
 * through the cuts while the server's messages come from the second node through Redis; then the
 * proxy sends the attempt to resume to the second node, which refuses it, and the client
 * reconnects afresh there while the first node ends the old connection after the window.
 */
class StatefulReconnectInteropTest {
  /** The scenario's own timeout is 45 s; a hung Node process is destroyed after this. */
  private static final long PROCESS_TIMEOUT_SECONDS = 90;
  /**
   * The window for the client to come back. Long enough that resuming never misses it on a
   * loaded machine; the part of the scenario that outwaits it takes about this long.
   */
  private static final Duration WINDOW = Duration.ofSeconds(6);

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "Jetty WebSocket transport, json",
      "Jakarta WebSocket transport, json",
      "Jetty WebSocket transport, messagepack",
      "Jakarta WebSocket transport, messagepack"})
  void theJavaScriptClientResumesThroughCutsAndStartsAfreshAfterTheWindow(String transport,
      String protocol) throws Exception {
    Signet signet = statefulSignet(transport).build();
    StatefulHub.hubContext = signet.hubContext(StatefulHub.class);
    try (TcpProxy proxy = new TcpProxy()) {
      SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
          .servlet("/control/*", new ProxyControlServlet(proxy))
          .start();
      try {
        proxy.start(server.port());
        run("http://127.0.0.1:" + proxy.port(), "http://127.0.0.1:" + server.port() + "/control",
            transport + " in " + protocol, protocol, "window");
      } finally {
        server.close();
      }
    }
  }

  @ParameterizedTest(name = "two nodes over Redis, sticky sessions: {0}")
  @ValueSource(booleans = {true, false})
  void overRedisTheClientResumesOnItsNodeAndStartsAfreshOnAnother(boolean stickySessions)
      throws Exception {
    try (RedisServer redis = RedisServer.start(); TcpProxy proxy = new TcpProxy()) {
      List<SignetServer> nodes = new ArrayList<>();
      try {
        Signet other = statefulSignet("Jetty WebSocket transport")
            .scaleOut(RedisScaleOut.builder(redis.uri()).stickySessions(stickySessions).build())
            .build();
        nodes.add(SignetServer.builder().host("127.0.0.1").port(0).signet(other).start());
        // The ticks come from the other node, so that they reach the client through Redis.
        StatefulHub.hubContext = other.hubContext(StatefulHub.class);
        Signet owner = statefulSignet("Jetty WebSocket transport")
            .scaleOut(RedisScaleOut.builder(redis.uri()).stickySessions(stickySessions).build())
            .build();
        SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(owner)
            .servlet("/control/*", new ProxyControlServlet(proxy, nodes.get(0).port()))
            .start();
        nodes.add(server);
        proxy.start(server.port());
        run("http://127.0.0.1:" + proxy.port(), "http://127.0.0.1:" + server.port() + "/control",
            "two nodes, sticky sessions " + stickySessions, "json", "other-node");
      } finally {
        nodes.forEach(SignetServer::close);
      }
    }
  }

  private static Signet.Builder statefulSignet(String transport) {
    Signet.Builder builder = Signet.builder().hub(StatefulHub.class)
        .options(o -> o.allowStatefulReconnects(true).disconnectTimeout(WINDOW));
    if (transport.startsWith("Jakarta")) {
      builder.transports(
          new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
    }
    return builder;
  }

  private static void run(String proxyUrl, String controlUrl, String setup, String protocol,
      String ending) throws Exception {
    Path jsDir = Path.of(System.getProperty("interop.jsDir", "js")).toAbsolutePath();
    assertThat(jsDir.resolve("node_modules/@microsoft/signalr"))
        .as("the JavaScript client in %s; run `npm ci` there (mvn does it in "
            + "generate-test-resources)", jsDir)
        .isDirectory();
    Path output = Files.createTempFile("signet-stateful-", ".log");
    try {
      Process process = new ProcessBuilder(System.getProperty("interop.node", "node"),
          "stateful-reconnect.mjs", proxyUrl, controlUrl, protocol, ending)
          .directory(jsDir.toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("stateful-reconnect.mjs with %s did not finish; output:%n%s",
            setup, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code with %s; output:%n%s", setup, read(output))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
