package io.signet.bench.jmh;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import io.signet.protocol.msgpack.MessagePackHubProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and writing each hub message type with {@link JsonHubProtocol} and
 * {@link MessagePackHubProtocol}: the work on every message in and out. Parsing leaves payload
 * values unbound (see {@link DispatchBenchmark} for binding).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolBenchmark {
  /** The message type under test. */
  @Param({"Invocation", "StreamItem", "Completion", "StreamInvocation", "CancelInvocation", "Ping",
      "Close", "Ack", "Sequence"})
  public String type;

  /** The hub protocol under test, by its handshake name. */
  @Param({"json", "messagepack"})
  public String protocolName = "json";

  private HubProtocol protocol;
  private final List<HubMessage> parsed = new ArrayList<>(1);
  private HubMessage message;
  private byte[] bytes;

  /** Builds the message and its bytes. */
  @Setup
  public void setUp() {
    protocol = switch (protocolName) {
      case "json" -> new JsonHubProtocol();
      case "messagepack" -> new MessagePackHubProtocol();
      default -> throw new IllegalArgumentException(protocolName);
    };
    message = sample(type);
    bytes = protocol.writeMessage(message);
  }

  /** A typical message of each type, as a chat application would send them. */
  static HubMessage sample(String type) {
    return switch (type) {
      case "Invocation" -> new InvocationMessage("1", "SendMessage",
          List.of("alice", "Hello, world! How is everyone today?"), List.of(), Map.of());
      case "StreamItem" -> new StreamItemMessage("2", 42, Map.of());
      case "Completion" -> CompletionMessage.withResult("3", "Hello, world!");
      case "StreamInvocation" -> new StreamInvocationMessage("4", "Counter", List.of(10, 500),
          List.of(), Map.of());
      case "CancelInvocation" -> new CancelInvocationMessage("4", Map.of());
      case "Ping" -> PingMessage.INSTANCE;
      case "Close" -> new CloseMessage("Connection closed with an error.", true);
      case "Ack" -> new AckMessage(1394);
      case "Sequence" -> new SequenceMessage(1395);
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** Serialises the message, framing included. */
  @Benchmark
  public byte[] write() {
    return protocol.writeMessage(message);
  }

  /** Parses the framed message. */
  @Benchmark
  public List<HubMessage> parse() throws InvalidMessageException {
    parsed.clear();
    protocol.parseMessages(ByteBuffer.wrap(bytes), 0, parsed);
    return parsed;
  }
}
