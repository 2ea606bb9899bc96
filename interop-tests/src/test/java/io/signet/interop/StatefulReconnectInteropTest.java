package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stateful reconnect with the official JavaScript client ({@code withStatefulReconnect()}) over
 * WebSockets in Node: {@code js/stateful-reconnect.mjs} has a {@link TcpProxy} between it and
 * Signet cut the socket with a reset while messages flow both ways, checks that it resumes on the
 * same connection with every message delivered once and in order, and that an attempt held past
 * the window gets a new connection. Once per WebSocket transport.
 */
class StatefulReconnectInteropTest {
  /** The scenario's own timeout is 45 s; a hung Node process is destroyed after this. */
  private static final long PROCESS_TIMEOUT_SECONDS = 90;
  /**
   * The window for the client to come back. Long enough that resuming never misses it on a
   * loaded machine; the part of the scenario that outwaits it takes about this long.
   */
  private static final Duration WINDOW = Duration.ofSeconds(6);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Jetty WebSocket transport", "Jakarta WebSocket transport"})
  void theJavaScriptClientResumesThroughCutsAndStartsAfreshAfterTheWindow(String transport)
      throws Exception {
    Signet.Builder builder = Signet.builder().hub(StatefulHub.class)
        .options(o -> o.allowStatefulReconnects(true).disconnectTimeout(WINDOW));
    if (transport.startsWith("Jakarta")) {
      builder.transports(
          new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
    }
    Signet signet = builder.build();
    StatefulHub.hubContext = signet.hubContext(StatefulHub.class);
    try (TcpProxy proxy = new TcpProxy()) {
      SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
          .servlet("/control/*", new ProxyControlServlet(proxy))
          .start();
      try {
        proxy.start(server.port());
        run("http://127.0.0.1:" + proxy.port(), "http://127.0.0.1:" + server.port() + "/control",
            transport);
      } finally {
        server.close();
      }
    }
  }

  private static void run(String proxyUrl, String controlUrl, String transport)
      throws Exception {
    Path jsDir = Path.of(System.getProperty("interop.jsDir", "js")).toAbsolutePath();
    assertThat(jsDir.resolve("node_modules/@microsoft/signalr"))
        .as("the JavaScript client in %s; run `npm ci` there (mvn does it in "
            + "generate-test-resources)", jsDir)
        .isDirectory();
    Path output = Files.createTempFile("signet-stateful-", ".log");
    try {
      Process process = new ProcessBuilder(System.getProperty("interop.node", "node"),
          "stateful-reconnect.mjs", proxyUrl, controlUrl)
          .directory(jsDir.toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("stateful-reconnect.mjs on the %s did not finish; output:%n%s",
            transport, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code on the %s; output:%n%s", transport, read(output))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
