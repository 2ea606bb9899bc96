package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot application in a JVM of its own, stopped the way a platform stops it: SIGTERM
 * ({@link Process#destroy} on Linux and macOS). With a client connected over each transport,
 * every client gets the server's {@code Close}, one that allows reconnecting, and the process
 * exits within a few seconds, far below the web server's 30 s graceful-shutdown timeout that
 * open event streams and polls would otherwise hold it for.
 */
class ProcessExitTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");
  /** JVM startup and Spring Boot on a loaded build machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** Generous: the point is seconds rather than the 30 s graceful-shutdown timeout. */
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(15);

  @Test
  void sigtermClosesEveryClientAndTheProcessExits() throws Exception {
    Path log = Files.createTempFile("signet-greeting-server-", ".log");
    Process server = new ProcessBuilder(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        // C1 only: the server starts sooner, and the test has no time to profit from C2.
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        GreetingServer.class.getName()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()) // a file: a chatty process never blocks on a full pipe
        .start();
    try {
      int port = awaitPort(server, log);
      try (NodeScript clients = NodeScript.start("terminate", "http://127.0.0.1:" + port, "-")) {
        assertThat(clients.awaitLine("connected", NodeScript.TIMEOUT_SECONDS))
            .as("clients connected; output:%n%s", clients.output())
            .isTrue();

        server.destroy();
        assertThat(server.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS))
            .as("the server exited within %s of SIGTERM; its output:%n%s", EXIT_LIMIT, read(log))
            .isTrue();
        clients.assertPasses();
      }
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  /** Waits for the server's {@code listening on <port>} line; fails if it exits or is slow. */
  private static int awaitPort(Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && server.isAlive()) {
      Matcher matcher = LISTENING.matcher(read(log));
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start; its output:\n" + read(log));
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
