package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code js/cross-origin.mjs}: the official JavaScript client, sending a page's
 * {@code Origin} on every request as a browser does, connects to {@link SecureHub} from the
 * listed origin over each transport (with its access token, in the query for SSE) and is refused
 * from another, with and without negotiate.
 */
class CrossOriginInteropTest {
  private static final long PROCESS_TIMEOUT_SECONDS = 60;
  private static SignetServer server;

  @BeforeAll
  static void start() {
    Signet signet = Signet.builder()
        .hub(SecureHub.class)
        .authenticator((token, request) -> token == null ? null : InteropServer.USERS.get(token))
        .options(o -> o.allowedOrigins("http://app.example"))
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void onlyTheListedOriginsPagesConnect(String transport) throws Exception {
    Path jsDir = Path.of(System.getProperty("interop.jsDir", "js")).toAbsolutePath();
    assertThat(jsDir.resolve("node_modules/@microsoft/signalr")).isDirectory();
    Path output = Files.createTempFile("signet-cross-origin-", ".log");
    try {
      Process process = new ProcessBuilder(System.getProperty("interop.node", "node"),
          "cross-origin.mjs", "http://127.0.0.1:" + server.port(), transport)
          .directory(jsDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("cross-origin.mjs over %s did not finish; output:%n%s", transport, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code over %s; output:%n%s", transport, read(output))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }
}
