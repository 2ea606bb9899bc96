package io.signet.bench.suite;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code redis-server} a scale-out cluster shares, started by the suite on a free port of
 * 127.0.0.1 without persistence ({@code --save "" --appendonly no}: nothing a run does should
 * wait on a disk), pinned to the servers' core. Set {@code REDIS_SERVER} to its path if it is
 * neither in {@code /usr/bin} nor {@code /usr/local/bin} nor on the PATH.
 *
 * <p>It runs under a shell that stops it when its standard input closes, so that, like the server
 * processes, it never outlives the suite, even one that was killed.
 */
final class RedisProcess implements AutoCloseable {
  /** What redis-server logs once it accepts connections. */
  private static final String READY = "Ready to accept connections";
  /**
   * Starts the command in the background, says its pid, and stops it once standard input ends
   * (the suite closed it, or died).
   */
  private static final String WATCH =
      "\"$@\" & child=$!; echo \"PID $child\"; read -r _; kill \"$child\"; wait \"$child\"";
  private static final int ATTEMPTS = 3;

  private final Process shell;
  private final long pid;
  private final int port;

  private RedisProcess(Process shell, long pid, int port) {
    this.shell = shell;
    this.pid = pid;
    this.port = port;
  }

  /**
   * Starts redis-server and waits until it accepts connections.
   *
   * @param core the core to pin it to, or -1 for none
   * @param log where its output goes (appended)
   * @throws IllegalStateException if it does not start
   */
  static RedisProcess start(int core, Path log) {
    IllegalStateException last = null;
    // The free port is found by binding and releasing it; another process may take it in between,
    // and then redis-server exits at once and another port is tried.
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return startOn(freePort(), core, log);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private static RedisProcess startOn(int port, int core, Path log) {
    List<String> command = new ArrayList<>(List.of("bash", "-c", WATCH, "bench-redis"));
    if (core >= 0) {
      command.addAll(List.of("taskset", "-c", Integer.toString(core)));
    }
    command.addAll(List.of(executable(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", log.toAbsolutePath().getParent().toString()));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process shell = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<Long> pid = new CompletableFuture<>();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      copyOutput(shell, log, pid, ready);
      try {
        ready.get(20, TimeUnit.SECONDS);
        return new RedisProcess(shell, pid.get(5, TimeUnit.SECONDS), port);
      } catch (ExecutionException | TimeoutException e) {
        stop(shell, pid.getNow(-1L));
        throw new IllegalStateException("redis-server did not start on port " + port + " (see "
            + log + ")");
      } catch (InterruptedException e) {
        stop(shell, pid.getNow(-1L));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start redis-server (install it, or set REDIS_SERVER)",
          e);
    }
  }

  /**
   * Copies the server's output into the log on a thread of its own, for as long as it runs (so
   * that a full pipe never blocks it); completes {@code pid} with the shell's report of it, and
   * {@code ready} when it says it is ready, or exceptionally when its output ends first.
   */
  private static void copyOutput(Process process, Path log, CompletableFuture<Long> pid,
      CompletableFuture<Void> ready) throws IOException {
    Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Thread copier = new Thread(() -> {
      try (out; BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!pid.isDone() && line.startsWith("PID ")) {
            pid.complete(Long.parseLong(line.substring(4).trim()));
            continue;
          }
          out.write(line);
          out.write('\n');
          out.flush();
          if (line.contains(READY)) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // The process ended or the log cannot be written: either way, nothing more to copy.
      }
      ready.completeExceptionally(new IllegalStateException("redis-server exited"));
    }, "bench-redis-log");
    copier.setDaemon(true);
    copier.start();
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** redis-server's own pid (not its shell's), for its CPU time. */
  long pid() {
    return pid;
  }

  /** Stops it: closing the shell's input makes it send {@code SIGTERM}; after 10 s, kills. */
  @Override
  public void close() {
    stop(shell, pid);
  }

  private static void stop(Process shell, long pid) {
    try {
      shell.getOutputStream().close();
      if (shell.waitFor(10, TimeUnit.SECONDS)) {
        return;
      }
    } catch (IOException e) {
      // The shell is gone already: make sure its child is too.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shell.destroyForcibly();
    if (pid > 0) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** {@code redis-server --version}'s answer, for the report; {@code not found} without one. */
  static String version() {
    try {
      Process version = new ProcessBuilder(executable(), "--version").redirectErrorStream(true)
          .start();
      String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      if (!version.waitFor(5, TimeUnit.SECONDS) || version.exitValue() != 0) {
        return "not found";
      }
      int at = out.indexOf("v=");
      return at < 0 ? out : "redis-server " + out.substring(at + 2).split("\\s")[0];
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not found";
    }
  }

  static String executable() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    return "redis-server";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
