package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ChatApplication.main} in a JVM of its own, on 127.0.0.1 and a free port, as a second
 * {@code java -jar signet-chat.jar} would run: the servers of a cluster are separate processes,
 * and the database they share is only shared across processes through H2's mixed mode. Its
 * output is echoed to the build log and kept for failure messages.
 */
final class ChatProcess implements AutoCloseable {
  /** The startup line with the real port ({@code --port 0}). */
  private static final Pattern READY =
      Pattern.compile("chat, the SignalR introduction: +(http://\\S+/)");
  /** JVM startup plus Jetty, H2 and Redis; a loaded build machine takes its time. */
  private static final long START_TIMEOUT_SECONDS = 90;
  /** The application's shutdown hook waits up to 3 s for connections to close. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final String name;
  private final Process process;
  private final CompletableFuture<URI> ready = new CompletableFuture<>();
  /** Appended to by the reader thread. */
  private final List<String> output = new ArrayList<>();

  private ChatProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::read, "chat-process-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java io.signet.examples.chat.ChatApplication args...} with this JVM's class
   * path (surefire's, which holds the application and its dependencies) and waits until it
   * listens.
   */
  static ChatProcess start(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        // C1 only: the server starts sooner, and a test has no time to profit from C2.
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        ChatApplication.class.getName(), "--host", "127.0.0.1", "--port", "0"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ChatProcess chat = new ChatProcess(name, process);
    try {
      chat.ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      chat.close();
      fail("server %s did not start; its output:%n%s", name, chat.output());
    }
    return chat;
  }

  /** {@code http://127.0.0.1:port/}. */
  URI uri() {
    return ready.join();
  }

  /** Everything the process printed so far. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /**
   * Stops the server as Ctrl+C does ({@code SIGTERM}: the shutdown hooks run) and waits for it
   * to exit; kills it if it does not. Idempotent.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("server %s did not stop within %d s; its output:%n%s", name, STOP_TIMEOUT_SECONDS,
          output());
    }
  }

  /** Kills the server at once ({@code SIGKILL}), as a crash would: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("server %s did not die within %d s", name, STOP_TIMEOUT_SECONDS);
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        System.out.println("[server " + name + "] " + line);
        Matcher matcher = READY.matcher(line);
        if (matcher.find()) {
          ready.complete(URI.create(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      // The process ended under us; its exit shows in the test.
    }
    ready.completeExceptionally(new IllegalStateException("the process exited"));
  }
}
