package io.signet.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on 127.0.0.1 and a free port, for tests: started, killed and
 * restarted on the same port. Without persistence, so a restart loses every key, as a crashed
 * Redis without AOF does. Set {@code REDIS_SERVER} to its path if it is not on the PATH or in
 * {@code /usr/bin}.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path directory;
  private final String masterName; // non-null for a Sentinel
  private final RedisServer master;
  private Process process;

  private RedisServer(int port, Path directory, String masterName, RedisServer master) {
    this.port = port;
    this.directory = directory;
    this.masterName = masterName;
    this.master = master;
  }

  /** Starts a server on a free port. */
  public static RedisServer start() {
    try {
      RedisServer server =
          new RedisServer(freePort(), Files.createTempDirectory("signet-redis"), null, null);
      server.startProcess();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Sentinel (the same {@code redis-server} binary in Sentinel mode) watching {@code master}
   * under {@code masterName}; its {@link #uri()} is a {@code redis-sentinel://} URI.
   */
  public static RedisServer startSentinel(String masterName, RedisServer master) {
    try {
      RedisServer sentinel = new RedisServer(freePort(),
          Files.createTempDirectory("signet-sentinel"), masterName, master);
      sentinel.startProcess();
      return sentinel;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis://127.0.0.1:port}, or {@code redis-sentinel://127.0.0.1:port#master}. */
  public String uri() {
    return masterName == null ? "redis://127.0.0.1:" + port
        : "redis-sentinel://127.0.0.1:" + port + "#" + masterName;
  }

  public int port() {
    return port;
  }

  /** Kills the server at once ({@code SIGKILL}): connections drop, nothing is saved. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the server again on the same port, empty. */
  public void restart() {
    kill();
    startProcess();
  }

  @Override
  public void close() {
    kill();
  }

  private void startProcess() {
    List<String> command = masterName == null
        ? List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--protected-mode", "no",
            "--dir", directory.toString())
        : List.of(executable(), sentinelConfig().toString(), "--sentinel");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start redis-server (install Debian's redis-server"
          + " package, or set REDIS_SERVER)", e);
    }
    awaitListening();
  }

  /** Sentinel rewrites its configuration file, so it gets one of its own. */
  private Path sentinelConfig() {
    Path config = directory.resolve("sentinel.conf");
    try {
      Files.writeString(config, "port " + port + "\nbind 127.0.0.1\nprotected-mode no\n"
          + "dir " + directory + "\n"
          + "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited: see " + directory);
        }
        try {
          Thread.sleep(20); // polling a port that has no readiness signal
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new IllegalStateException("redis-server did not listen on port " + port);
  }

  private static String executable() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null) {
      return configured;
    }
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    return "redis-server";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
