package io.signet.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from Linux's {@code /proc}. On other systems every
 * reading is -1 and the report says so.
 */
final class ProcStats {
  private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicks();

  private ProcStats() {}

  /** User plus system CPU time of {@code pid} so far, in nanoseconds; -1 if unknown. */
  static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may hold spaces and parentheses: fields are counted after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time of {@code pid}'s live threads so far, in nanoseconds, from the scheduler's own
   * accounting ({@code /proc/PID/task/TID/schedstat}); falls back to {@link #cpuNanos}. Exact
   * where {@code cpuNanos} counts in clock ticks (10 ms), so it suits a process that uses little
   * CPU in a short interval, as Redis does; threads that ended are not counted, so it does not
   * suit a JVM whose pools retire threads.
   */
  static long threadsCpuNanos(long pid) {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      long total = 0;
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String schedstat = Files.readString(task.resolve("schedstat")).trim();
        total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return cpuNanos(pid);
    }
  }

  /** Resident set size of {@code pid}, in bytes; -1 if unknown. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Busy CPU time of the whole machine so far (all cores, idle and I/O wait excluded), ns. */
  static long machineBusyNanos() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** This process's id. */
  static long self() {
    return ProcessHandle.current().pid();
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
