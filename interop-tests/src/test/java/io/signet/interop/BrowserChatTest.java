package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.examples.chat.ChatHub;
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
 * The chat example as a person uses it: {@code js/browser-chat.mjs} opens the example page in two
 * Chromium pages (through {@code playwright-core}, pinned in {@code js/package.json}), sends a
 * message from each and checks that both pages show both, once per transport. The server is the
 * example's own setup ({@link ChatHub} and the {@code web/} page), on 127.0.0.1 and a free port.
 *
 * <p>Chromium is the system one, {@code /usr/bin/chromium} or {@code $CHROMIUM_PATH}. Without it
 * the test fails rather than skips: like the other interop tests, it is never skipped in CI.
 * Screenshots of both pages land in {@code target/screenshots/}, pass or fail.
 */
class BrowserChatTest {
  /** Starting Chromium and chatting take seconds; a hung Node process is destroyed. */
  private static final long PROCESS_TIMEOUT_SECONDS = 90;

  private static SignetServer server;

  @BeforeAll
  static void startChat() {
    // As ChatApplication does, but on loopback and a free port.
    Signet signet = Signet.builder().hub(ChatHub.class).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .staticResources("web").start();
  }

  @AfterAll
  static void stopChat() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "chat page over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void twoPagesChat(String transport) throws Exception {
    Path chromium = chromium();
    Path jsDir = jsDir();
    Path screenshots = jsDir.resolveSibling("target").resolve("screenshots");
    String baseUrl = "http://127.0.0.1:" + server.port();
    Path output = Files.createTempFile("signet-browser-chat-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(node(), "browser-chat.mjs", baseUrl, transport,
          screenshots.toString())
          .directory(jsDir.toFile())
          .redirectErrorStream(true)
          // A file, not a pipe: a chatty process can never block on a full pipe buffer.
          .redirectOutput(output.toFile());
      builder.environment().put("CHROMIUM_PATH", chromium.toString());
      Process process = builder.start();
      if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        // Chromium first: it is a child of Node and would outlive it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("the chat over %s did not finish within %d s; output:%n%s",
            transport, PROCESS_TIMEOUT_SECONDS, read(output));
      }
      assertThat(process.exitValue())
          .as("exit code of browser-chat.mjs over %s; output:%n%s", transport, read(output))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The system Chromium; Playwright's browser downloads are not available on every machine. */
  private static Path chromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    Path path = Path.of(configured == null || configured.isEmpty()
        ? "/usr/bin/chromium" : configured);
    assertThat(Files.isExecutable(path))
        .as("Chromium at %s (set CHROMIUM_PATH to use another); install Debian's chromium "
            + "package: apt-get install chromium (.ci/run does)", path)
        .isTrue();
    return path;
  }

  private static Path jsDir() {
    Path dir = Path.of(System.getProperty("interop.jsDir", "js")).toAbsolutePath();
    assertThat(dir.resolve("node_modules/playwright-core"))
        .as("playwright-core in %s; run `npm ci` there (mvn does it in "
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
