package io.signet.bench;

import io.signet.bench.server.ServerMain;
import io.signet.bench.suite.Plan;
import io.signet.bench.suite.Report;
import io.signet.bench.suite.Results;
import io.signet.bench.suite.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point of {@code signet-benchmarks.jar}:
 *
 * <ul>
 *   <li>{@code full [--out FILE] [--only TEXT]}: every scenario (or those whose name contains
 *       TEXT) against Signet and the floor, writing {@code benchmarks/RESULTS.md} (a partial run
 *       writes under {@code target/} instead);
 *   <li>{@code quick [--out FILE] [--only TEXT]}: the same with tiny sizes, writing under
 *       {@code target/};
 *   <li>{@code jmh [JMH options]}: the JMH microbenchmarks;
 *   <li>{@code server signet|signet-jakarta|signet-metrics|floor|nio-floor HOST PORT}: one
 *       server, as the suite starts them ({@code server signet-redis HOST PORT REDIS_URI}: one
 *       node of a scale-out cluster; {@code signet-metrics}: Signet with {@code hub-micrometer}'s
 *       metrics on).
 * </ul>
 *
 * <p>Exits with status 1 when a run failed (lost messages, a client error, a timeout).
 */
public final class BenchMain {
  private BenchMain() {}

  /** Runs the command named by {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "full", "quick" -> System.exit(suite(Plan.named(command), rest) ? 0 : 1);
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      case "server" -> ServerMain.main(rest);
      default -> {
        System.err.println("usage: java -jar signet-benchmarks.jar full|quick [--out FILE]"
            + " [--only TEXT]"
            + " | jmh [JMH options]"
            + " | server signet|signet-jakarta|signet-metrics|floor|nio-floor HOST PORT"
            + " | server signet-redis HOST PORT REDIS_URI");
        System.exit(2);
      }
    }
  }

  /** Runs the suite and writes its report; returns whether every run succeeded. */
  static boolean suite(Plan plan, String[] options) {
    String only = option(options, "--only");
    String outOption = option(options, "--out");
    Path out = outOption != null ? Path.of(outOption) : defaultOutput(plan, only != null);
    Path logs = targetDirectory().resolve("bench-logs");
    long started = System.nanoTime();
    Suite suite = new Suite(plan, logs, only);
    Results results = suite.run();
    double minutes = (System.nanoTime() - started) / 60e9;
    new Report(results, plan, suite.pinning(), minutes).write(out);
    System.out.printf("Wrote %s (%.1f minutes); server logs in %s%n", out, minutes, logs);
    results.failures().forEach(failure -> System.out.println("FAILED " + failure));
    return results.failures().isEmpty();
  }

  private static String option(String[] options, String name) {
    for (int i = 0; i + 1 < options.length; i++) {
      if (options[i].equals(name)) {
        return options[i + 1];
      }
    }
    return null;
  }

  private static Path defaultOutput(Plan plan, boolean partial) {
    if (partial) {
      return targetDirectory().resolve("RESULTS-" + plan.name() + "-partial.md");
    }
    if (plan.isFull()) {
      return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "RESULTS.md")
          : Path.of("RESULTS.md");
    }
    return targetDirectory().resolve("RESULTS-quick.md");
  }

  /** {@code benchmarks/target} from the repository root, else {@code target}. */
  private static Path targetDirectory() {
    return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target")
        : Path.of("target");
  }
}
