package io.signet.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Node process running {@code js/containers.mjs} with the official JavaScript client. Its
 * output (stdout and stderr together) is read as it comes, so a test can wait for a line the
 * script prints, and is shown when an assertion fails.
 */
final class NodeClient implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private NodeClient(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "node-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code containers.mjs <mode> <hubUrl> <transports>}. */
  static NodeClient start(String mode, URI hubUrl, List<String> transports) throws IOException {
    Path dir = jsDir();
    Process process = new ProcessBuilder(System.getProperty("containers.node", "node"),
        "containers.mjs", mode, hubUrl.toString(), String.join(",", transports))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    return new NodeClient(process);
  }

  /** Waits for the script to print {@code ready}; fails if it exits or takes longer first. */
  void awaitReady(Duration timeout) throws InterruptedException {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the client did not get ready; output:\n" + output, e);
    }
  }

  /** Waits for the script to exit and asserts it succeeded. */
  void assertSucceeds(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError("the client did not finish within " + timeout + "; output:\n"
          + output);
    }
    assertThat(process.exitValue()).as("exit code of the client; output:%n%s", output).isZero();
  }

  /** Kills the process at once (SIGKILL): its sockets close with no goodbye from the client. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }

  String output() {
    return output.toString();
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.equals("ready")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      output.append("(reading the output failed: ").append(e).append(")\n");
    } finally {
      ready.completeExceptionally(new IllegalStateException("the client exited"));
    }
  }

  private static Path jsDir() {
    Path dir = Path.of(System.getProperty("containers.jsDir", "js")).toAbsolutePath();
    if (!dir.resolve("node_modules/@microsoft/signalr").toFile().isDirectory()) {
      throw new UncheckedIOException(new IOException("No JavaScript client in " + dir
          + "; run `npm ci` there (mvn does it in generate-test-resources)"));
    }
    return dir;
  }
}
