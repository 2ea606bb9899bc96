package io.signet.interop.scaleout;

import io.signet.jetty.SignetServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Cluster} node in a JVM of its own, so that a test can kill it with {@code SIGKILL}
 * ({@link #kill()}): nothing of it runs afterwards, no shutdown hook, no goodbye to Redis, as
 * when a server crashes. Its output (its log) is copied to this JVM's standard output, prefixed.
 *
 * <p>{@link #main} is the child's entry point: it starts the node, prints its port, and exits
 * when its standard input closes, so that a child never outlives the test JVM that started it.
 */
public final class ChildJvmNode implements AutoCloseable {
  private static final String PORT_LINE = "SIGNET-CHILD-NODE-PORT ";

  private final Process process;
  private final int port;

  private ChildJvmNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The child's entry point.
   *
   * @param args the Redis URI
   */
  public static void main(String[] args) throws IOException {
    SignetServer node = Cluster.startNode(args[0], 0);
    System.out.println(PORT_LINE + node.port());
    System.out.flush();
    // Blocks until the parent closes the pipe (or dies): the child's lifetime is the parent's.
    while (System.in.read() >= 0) {
      // Nothing is sent on the pipe; only its end matters.
    }
    node.close();
    System.exit(0);
  }

  /** Starts a child JVM running a node on a free port with a scale-out on {@code redisUri}. */
  static ChildJvmNode start(String redisUri) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire sets java.class.path to the test class path in the JVM it forks for tests.
    List<String> command = List.of(java, "-Xmx256m",
        // Only C1: the child starts sooner on a busy machine, and runs fast enough for a test.
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ChildJvmNode.class.getName(), redisUri);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(process, port), "child-node-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ChildJvmNode(process, port.get(JavaClusterClient.WAIT.toSeconds() * 2,
          TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("The child node did not print its port (its output is"
          + " above, prefixed [child])", e);
    }
  }

  /** Copies the child's output, completing {@code port} when the child announces it. */
  private static void copyOutput(Process process, CompletableFuture<Integer> port) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(PORT_LINE)) {
          port.complete(Integer.parseInt(line.substring(PORT_LINE.length()).trim()));
        }
        System.out.println("[child] " + line);
      }
    } catch (IOException | RuntimeException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException(
        "The child exited before printing its port"));
  }

  int port() {
    return port;
  }

  /** {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Kills the child with {@code SIGKILL} and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(JavaClusterClient.WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("The child node survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
