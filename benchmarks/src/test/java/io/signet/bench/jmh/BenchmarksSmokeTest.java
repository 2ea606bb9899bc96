package io.signet.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Calls every JMH benchmark method once outside the harness, so that a change in Signet that
 * breaks one fails the build instead of the next benchmark run. Nothing here is timed.
 */
class BenchmarksSmokeTest {

  @Test
  void protocolBenchmarksRoundTripEveryType() throws Exception {
    for (String protocol : new String[] {"json", "messagepack"}) {
      for (String type : new String[] {"Invocation", "StreamItem", "Completion",
          "StreamInvocation", "CancelInvocation", "Ping", "Close", "Ack", "Sequence"}) {
        ProtocolBenchmark benchmark = new ProtocolBenchmark();
        benchmark.type = type;
        benchmark.protocolName = protocol;
        benchmark.setUp();
        assertThat(benchmark.write()).isNotEmpty();
        assertThat(benchmark.parse()).as(protocol + " " + type).hasSize(1);
      }
    }
  }

  @Test
  void dispatchBenchmarksBindAndEcho() throws Exception {
    DispatchBenchmark benchmark = new DispatchBenchmark();
    benchmark.setUp();
    try {
      assertThat(benchmark.bindArguments()).containsExactly(
          "general", 3, new DispatchBenchmark.Message("alice", "Hello, world!", 2));
      assertThat(benchmark.echo()).isPositive();
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void broadcastBenchmarksReachEveryConnection() throws Exception {
    BroadcastBenchmark benchmark = new BroadcastBenchmark();
    benchmark.connections = 50;
    benchmark.setUp();
    try {
      benchmark.hubBroadcast();
      benchmark.serialiseOnceShared();
    } finally {
      benchmark.tearDown();
    }
  }
}
