package io.signet.bench.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signet.micrometer.SignetMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link BroadcastBenchmark#hubBroadcast} with {@code hub-micrometer}'s metrics off and on: what
 * counting each delivery's message and bytes costs on the send path. Without sockets, so that
 * the difference is not lost in the kernel's cost of the writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BroadcastMetricsBenchmark {
  private static final String PAYLOAD = "T1234567890|" + "x".repeat(32);

  /** Recipients of each message. */
  @Param("10000")
  public int connections;

  /** {@code off}: no observer; {@code on}: {@code SignetMetrics} on a simple registry. */
  @Param({"off", "on"})
  public String metrics;

  private InMemorySignet signet;

  /** Starts Signet, with metrics or without, and connects the clients. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    signet = InMemorySignet.start(
        metrics.equals("on") ? new SignetMetrics(new SimpleMeterRegistry()) : null);
    signet.connect(connections);
  }

  /** Stops Signet. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    signet.close();
  }

  /** {@code hubContext.clients().all().send("Receive", payload)} to every connection. */
  @Benchmark
  public Object hubBroadcast() {
    return signet.hub().clients().all().send("Receive", PAYLOAD);
  }
}
