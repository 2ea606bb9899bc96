package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A run of {@code js/starter.mjs} with Node and the official JavaScript client
 * ({@code @microsoft/signalr}, pinned in {@code js/package.json}). Output goes to a file, not a
 * pipe, so that a chatty process never blocks on a full pipe buffer.
 */
final class NodeScript implements AutoCloseable {
  /** A scenario never takes this long; a hung process is destroyed. */
  static final long TIMEOUT_SECONDS = 60;

  private final Process process;
  private final Path output;

  private NodeScript(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code node starter.mjs args...}. */
  static NodeScript start(String... args) {
    Path dir = Path.of(System.getProperty("starter.jsDir", "js")).toAbsolutePath();
    assertThat(dir.resolve("node_modules/@microsoft/signalr"))
        .as("the JavaScript client in %s; run `npm ci` there (mvn does it in "
            + "generate-test-resources)", dir)
        .isDirectory();
    List<String> command = new ArrayList<>(List.of(System.getProperty("starter.node", "node"),
        "starter.mjs"));
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("signet-starter-", ".log");
      Process process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
      return new NodeScript(process, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a scenario to its end and asserts that it passed, showing its output otherwise. */
  static void run(String... args) throws InterruptedException {
    try (NodeScript script = start(args)) {
      script.assertPasses();
    }
  }

  /** Waits up to {@code seconds} for {@code line} in the output; whether it came. */
  boolean awaitLine(String line, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (output().lines().anyMatch(line::equals)) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Waits for the process to end and asserts that it exited with 0. */
  void assertPasses() throws InterruptedException {
    boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(ended).as("ended within %d s; output:%n%s", TIMEOUT_SECONDS, output()).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", output()).isZero();
  }

  /** What the process printed so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
