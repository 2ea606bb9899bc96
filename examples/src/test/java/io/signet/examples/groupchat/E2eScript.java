package io.signet.examples.groupchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs {@code groupchat-e2e.mjs} with Node and serves its requests: a line
 * {@code SIGNET-E2E <command>} on its output is answered, on its input, with what the handler
 * returns once it has carried the command out (a server restart). Everything else the script
 * prints is kept for the failure message.
 */
final class E2eScript {
  private static final String COMMAND_PREFIX = "SIGNET-E2E ";
  /** Chromium, several pages and up to two restarts take seconds; a hung run is destroyed. */
  private static final long PROCESS_TIMEOUT_SECONDS = 180;

  private final Path dir;
  private final Path chromium;
  private final Path screenshots;
  /** Written by the reader thread, read after it ended. */
  private final List<String> output = new ArrayList<>();
  private volatile Throwable handlerFailure;

  E2eScript(Path dir, Path chromium, Path screenshots) {
    this.dir = dir;
    this.chromium = chromium;
    this.screenshots = screenshots;
  }

  /**
   * Runs one scenario and asserts that the script exits 0.
   *
   * @param transport the transport the pages force, or {@code null} to let the client negotiate
   * @param handler carries out a command and returns the answer
   */
  void run(String scenario, String baseUrl, String transport, UnaryOperator<String> handler)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("examples.node", "node"), "groupchat-e2e.mjs", baseUrl, scenario,
        screenshots.toString()));
    if (transport != null) {
      command.add(transport);
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().put("CHROMIUM_PATH", chromium.toString());
    Process process = builder.start();
    Thread reader = new Thread(() -> serve(process, handler), "e2e-" + scenario);
    reader.setDaemon(true);
    reader.start();
    String label = scenario + (transport == null ? "" : " over " + transport);
    if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      // Chromium first: it is a child of Node and would outlive it.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(10));
      fail("%s did not finish within %d s; output:%n%s", label, PROCESS_TIMEOUT_SECONDS,
          output());
    }
    // The output ends when the process does; the reader has it all once it ends.
    reader.join(TimeUnit.SECONDS.toMillis(10));
    if (handlerFailure != null) {
      throw new AssertionError("carrying out a command of " + label + " failed; output:\n"
          + output(), handlerFailure);
    }
    assertThat(process.exitValue())
        .as("exit code of groupchat-e2e.mjs, %s; output:%n%s", label, output())
        .isZero();
  }

  /** Reads the script's output line by line, answering commands, until it ends. */
  private void serve(Process process, UnaryOperator<String> handler) {
    try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer answers = new OutputStreamWriter(process.getOutputStream(),
            StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        // In the build log too, so a passing run shows what it checked.
        System.out.println("[" + Thread.currentThread().getName() + "] " + line);
        if (line.startsWith(COMMAND_PREFIX)) {
          answers.write(handler.apply(line.substring(COMMAND_PREFIX.length())) + "\n");
          answers.flush();
        }
      }
    } catch (IOException e) {
      // The process ended under us (destroyed after a timeout): its exit code tells the rest.
    } catch (RuntimeException | Error e) {
      handlerFailure = e;
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }
}
