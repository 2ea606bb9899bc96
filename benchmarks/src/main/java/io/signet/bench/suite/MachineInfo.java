package io.signet.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine and software a suite ran on, for the report. */
final class MachineInfo {
  private MachineInfo() {}

  static String markdown(String pinning) {
    return "## Machine\n\n| | |\n|---|---|\n"
        + "| CPU | " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
        + " core(s) visible to the generator after pinning |\n"
        + "| Memory | " + memory() + " |\n"
        + "| OS | " + System.getProperty("os.name") + " " + System.getProperty("os.version")
        + " |\n"
        + "| JVM | " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " |\n"
        + "| Server JVM flags | `" + String.join(" ", ServerProcess.JVM_FLAGS)
        + "` (both servers) |\n"
        + "| Jetty | " + org.eclipse.jetty.util.Jetty.VERSION + " |\n"
        + "| Signet | " + signetVersion() + " |\n"
        + "| Pinning | " + pinning + " |\n"
        + "| Scale-out | " + ScaleOutCluster.NODES + " Signet nodes (`RedisScaleOut`, defaults) over "
        + RedisProcess.version() + " with `--save \"\" --appendonly no`, started by the suite |\n"
        + "| Load generator | this JVM: one NIO selector thread for every client socket |\n"
        + "| Network | loopback; clients bind 127.0.0.2–127.0.0.9, the server listens on "
        + "127.0.0.1 |\n";
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // Not Linux: fall through.
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through.
    }
    return "unknown";
  }

  private static String signetVersion() {
    String version = io.signet.server.Signet.class.getPackage().getImplementationVersion();
    String commit = git(List.of("git", "describe", "--always", "--dirty"));
    return (version == null ? "0.1.0-SNAPSHOT" : version)
        + (commit == null ? "" : ", commit " + commit);
  }

  private static String git(List<String> command) {
    try {
      Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
