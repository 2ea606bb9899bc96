package io.signet.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test in its own JVM ({@code io.signet.bench.server.ServerMain}), or a Node peer
 * ({@link #startNode}), pinned to its own core when the machine has two or more, with the
 * file-descriptor limit raised as far as the system allows. Talks to it over its standard input
 * and output.
 */
final class ServerProcess implements Deployment, AutoCloseable {
  /** Same flags for both servers. G1 is the default server collector; it is named explicitly
   *  because a JVM pinned to one core would otherwise pick the serial collector. */
  static final List<String> JVM_FLAGS = List.of("-Xmx4g", "-XX:+UseG1GC");
  /** More flags for the server JVMs, space-separated: for profiling, e.g. {@code -XX:+...}. */
  static final String EXTRA_FLAGS_PROPERTY = "signet.bench.serverFlags";
  /** For the Node peers: the JVMs' heap limit, and {@code gc()} for the heap after collection. */
  static final List<String> NODE_FLAGS = List.of("--max-old-space-size=4096", "--expose-gc");

  private final Process process;
  private final BufferedReader replies;
  private final PrintStream commands;
  private final int port;

  /**
   * Starts {@code kind} ({@code signet}, {@code signet-jakarta}, {@code signet-metrics}, {@code
   * floor}, {@code nio-floor}, or {@code signet-redis} with the Redis URI as argument) on any free
   * port of 127.0.0.1.
   *
   * @param serverCore the core to pin it to, or -1 for none
   * @param log where its standard error goes
   * @param arguments more arguments of {@code ServerMain}, after the port
   */
  static ServerProcess start(String kind, int serverCore, Path log, String... arguments) {
    List<String> command = pinned(serverCore);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    String extra = System.getProperty(EXTRA_FLAGS_PROPERTY, "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.signet.bench.server.ServerMain", kind, "127.0.0.1", "0"));
    command.addAll(List.of(arguments));
    return launch(kind, command, log);
  }

  /**
   * Starts a Node peer, {@code benchmarks/peers/<script>} (a {@link NodePeer#script()}), on any
   * free port of 127.0.0.1, with the same pinning and commands as the Java servers.
   *
   * @param serverCore the core to pin it to, or -1 for none
   * @param log where its standard error goes
   * @throws IllegalStateException when the peers' packages are not installed (npm ci)
   */
  static ServerProcess startNode(String script, int serverCore, Path log) {
    Path peers = NodePeer.directory();
    List<String> command = pinned(serverCore);
    command.add("node");
    command.addAll(NODE_FLAGS);
    command.addAll(List.of(peers.resolve(script).toString(), "0"));
    return launch(script, command, log);
  }

  /** A command that raises the descriptor limit and pins what follows to {@code core}. */
  private static List<String> pinned(int core) {
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$@\"", "bench-server"));
    if (core >= 0) {
      command.addAll(List.of("taskset", "-c", Integer.toString(core)));
    }
    return command;
  }

  /** Runs {@code command} and waits for its {@code READY <port>} line. */
  private static ServerProcess launch(String name, List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      BufferedReader ready = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      String line = readLine(process, ready, 30);
      while (line != null && line.startsWith("[")) {
        line = readLine(process, ready, 30); // JVM log lines (e.g. with profiling flags)
      }
      if (line == null || !line.startsWith("READY ")) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start (see " + log + "): " + line);
      }
      return new ServerProcess(process, Integer.parseInt(line.substring(6).trim()), ready);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ServerProcess(Process process, int port, BufferedReader replies) {
    this.process = process;
    this.port = port;
    this.replies = replies;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  @Override
  public List<Long> serverPids() {
    return List.of(process.pid());
  }

  /** Process CPU time so far, nanoseconds. */
  long cpuNanos() {
    return ProcStats.cpuNanos(process.pid());
  }

  /** Resident set size now, bytes. */
  long rssBytes() {
    return ProcStats.rssBytes(process.pid());
  }

  /** Heap in use after full collections, bytes. */
  long heapAfterGc() {
    return Long.parseLong(ask("heap", "HEAP "));
  }

  /** The connections the server holds. */
  int connections() {
    return Integer.parseInt(ask("conns", "CONNS "));
  }

  private String ask(String command, String prefix) {
    commands.println(command);
    String line = readLine(process, replies, 60);
    if (line == null || !line.startsWith(prefix)) {
      throw new IllegalStateException("Server answered '" + line + "' to " + command);
    }
    return line.substring(prefix.length()).trim();
  }

  private static String readLine(Process process, BufferedReader reader, int seconds) {
    // A thread of its own: a server that hangs must not hold a shared pool's only thread.
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread readerThread = new Thread(() -> {
      try {
        line.complete(reader.readLine());
      } catch (IOException e) {
        line.completeExceptionally(e);
      }
    }, "bench-server-reply");
    readerThread.setDaemon(true);
    readerThread.start();
    try {
      return line.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Asks the server to quit, then kills it if it has not within 10 s. */
  @Override
  public void close() {
    commands.println("quit");
    commands.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
