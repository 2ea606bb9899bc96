package io.signet.bench.jmh;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionListener;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportType;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One message to 10,000 connections without sockets, three ways:
 *
 * <ul>
 *   <li>{@link #hubBroadcast}: {@code clients().all().send(...)} through Signet's hub layer
 *       (serialised once, one shared payload queued on every connection);
 *   <li>{@link #serialiseOnceShared}: the same payload sharing done by hand on bare
 *       {@code Connection}s, without the hub layer: what the hub layer adds is the difference;
 *   <li>{@link #serialisePerConnection}: serialising the message once per recipient, the cost
 *       that sharing avoids.
 * </ul>
 *
 * <p>Every connection's transport is a {@link MemorySink} that completes writes at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BroadcastBenchmark {
  private static final String PAYLOAD = "T1234567890|" + "x".repeat(32);

  /** Recipients of each message. */
  @Param("10000")
  public int connections;

  private final JsonHubProtocol protocol = new JsonHubProtocol();
  private final InvocationMessage message =
      InvocationMessage.nonBlocking("Receive", List.of(PAYLOAD));
  private final List<Connection> bare = new ArrayList<>();
  private ScheduledExecutorService timer;
  private InMemorySignet signet;

  /** Connects the hub's clients and the bare connections. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    signet = InMemorySignet.start();
    signet.connect(connections);
    timer = Executors.newSingleThreadScheduledExecutor();
    ConnectionListener ignore = new ConnectionListener() {
      @Override
      public void onReceive(ByteBuffer data) {}

      @Override
      public void onClosed(Throwable error) {}
    };
    for (int i = 0; i < connections; i++) {
      Connection connection = new Connection("id" + i, "token" + i, 1,
          ConnectionOptions.DEFAULTS, timer, ended -> { });
      connection.claim(TransportType.WebSockets, null);
      connection.attach(new MemorySink(), attached -> ignore);
      bare.add(connection);
    }
  }

  /** Stops Signet and the bare connections' timer. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    signet.close();
    timer.shutdownNow();
  }

  /** {@code hubContext.clients().all().send("Receive", payload)} to every connection. */
  @Benchmark
  public Object hubBroadcast() {
    return signet.hub().clients().all().send("Receive", PAYLOAD);
  }

  /** Serialise once, queue the one payload on every bare connection. */
  @Benchmark
  public void serialiseOnceShared() {
    OutboundPayload payload = new OutboundPayload(protocol.writeMessage(message));
    for (Connection connection : bare) {
      connection.send(payload);
    }
  }

  /** Serialise once per recipient (no sending): what sharing the payload saves. */
  @Benchmark
  public void serialisePerConnection(Blackhole blackhole) {
    for (int i = 0; i < connections; i++) {
      blackhole.consume(protocol.writeMessage(message));
    }
  }
}
