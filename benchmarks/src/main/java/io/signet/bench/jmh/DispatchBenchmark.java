package io.signet.bench.jmh;

import io.signet.connection.Connection;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.UnboundValue;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argument binding, and the whole inbound path of a call without sockets: bytes into a
 * {@code Connection}, parse, dispatch on the hub executor, the hub method, the completion written
 * to the transport.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {
  /** Calls per {@link #echo()} invocation: one batch of bytes, then wait for every completion. */
  static final int BATCH = 100;

  /** A record argument, bound the way hub methods bind theirs. */
  public record Message(String user, String text, int priority) {}

  private final JsonHubProtocol protocol = new JsonHubProtocol();
  private final Type[] types = {String.class, int.class, Message.class};
  private List<Object> unbound;
  private InMemorySignet signet;
  private Connection connection;
  private MemorySink sink;
  private byte[] echoes;

  /** Parses the binding sample once; starts Signet in memory with one connected client. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<HubMessage> parsed = new ArrayList<>();
    protocol.parseMessages(ByteBuffer.wrap(ascii("{\"type\":1,\"invocationId\":\"7\","
        + "\"target\":\"Post\",\"arguments\":[\"general\",3,{\"user\":\"alice\","
        + "\"text\":\"Hello, world!\",\"priority\":2}]}\u001e")), 0, parsed);
    unbound = ((InvocationMessage) parsed.get(0)).arguments();
    signet = InMemorySignet.start();
    InMemoryTransport.Attached client = signet.connect(1).get(0);
    connection = client.connection();
    sink = client.sink();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < BATCH; i++) {
      batch.append("{\"type\":1,\"invocationId\":\"").append(i)
          .append("\",\"target\":\"Echo\",\"arguments\":[\"Hello, world!\"]}\u001e");
    }
    echoes = ascii(batch.toString());
  }

  /** Stops Signet. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    signet.close();
  }

  /** Binds a string, an int and a record argument with the payload mapper. */
  @Benchmark
  public Object[] bindArguments() throws InvalidMessageException {
    Object[] bound = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      bound[i] = ((UnboundValue) unbound.get(i)).bind(types[i]);
    }
    return bound;
  }

  /** One {@code Echo} call end to end, averaged over a batch of {@link #BATCH}. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long echo() {
    long target = sink.payloads() + BATCH;
    connection.receive(ByteBuffer.wrap(echoes));
    sink.await(target, 30);
    return sink.characters();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
