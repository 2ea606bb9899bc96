package io.signet.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
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
 * An application embedding Tomcat with Signet, in a JVM of its own, stopped the way a platform
 * stops it: SIGTERM ({@link Process#destroy} on Linux and macOS). With the official JavaScript
 * client connected over each transport, every client gets the server's {@code Close}, one that
 * allows reconnecting, and the process exits within a few seconds, nothing logged as an error:
 * nothing Signet started keeps it alive.
 */
class ProcessExitTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");
  /** JVM startup and Tomcat on a loaded build machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Generous: the point is seconds, every client told, rather than a hang. */
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(15);

  @Test
  void sigtermClosesEveryClientAndTheProcessExits() throws Exception {
    Path log = Files.createTempFile("signet-tomcat-server-", ".log");
    Process server = new ProcessBuilder(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        // C1 only: the server starts sooner, and the test has no time to profit from C2.
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        TomcatServer.class.getName()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()) // a file: a chatty process never blocks on a full pipe
        .start();
    try {
      URI hubUrl = awaitHubUrl(server, log);
      List<String> transports = ContainerContractTest.EVERY_TRANSPORT;
      try (NodeClient client = NodeClient.start("hold", hubUrl, transports)) {
        client.awaitReady(START_TIMEOUT);

        server.destroy();
        assertThat(server.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS))
            .as("the server exited within %s of SIGTERM; its output:%n%s", EXIT_LIMIT, read(log))
            .isTrue();
        client.assertSucceeds(EXIT_LIMIT);
        for (String transport : transports) {
          assertThat(client.output()).contains("closed " + transport + " with reconnect allowed");
        }
      }
      // java.util.logging's console format, which Tomcat and Signet (slf4j-jdk14) log through.
      assertThat(read(log)).as("the server's output").doesNotContain("SEVERE:");
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  /** Waits for the server's {@code listening on <hub URL>} line; fails if it exits or is slow. */
  private static URI awaitHubUrl(Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && server.isAlive()) {
      Matcher matcher = LISTENING.matcher(read(log));
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start; its output:\n" + read(log));
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
