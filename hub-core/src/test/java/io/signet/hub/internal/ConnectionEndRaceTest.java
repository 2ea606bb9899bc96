package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubOptions;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away while the server is still working on what it sent, as the inbound
 * fuzzer ({@link InboundFuzzTest}) found: one that connects and leaves at once, or that starts a
 * stream and leaves at once.
 */
class ConnectionEndRaceTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  @BeforeEach
  void setUp() {
    executor = Executors.newSingleThreadExecutor();
    timer = Executors.newSingleThreadScheduledExecutor();
    TestHubs.EVENTS.clear();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Its end used to be missed: the connection stayed in the lifetime manager for good, and the hub
   * saw {@code onConnected} without {@code onDisconnected}.
   */
  @Test
  void aTransportEndingWhileTheHandshakeIsAcceptedIsNotMissed() throws Exception {
    ClosingProtocol protocol = new ClosingProtocol();
    HubEndpointRuntime<TestHubs.EchoHub> runtime = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, null, HubOptions.DEFAULTS, protocol, executor);
    TestClient client = TestClient.connect(runtime, timer);
    protocol.client = client;
    client.send("{\"protocol\":\"json\",\"version\":1}");
    // The transport ends from inside the handshake's check: after the drain looked whether the
    // connection had ended, before the connection was registered.
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).startsWith("connected ");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS))
        .isEqualTo("disconnected " + client.connection.id() + " null");
    executor.submit(() -> { }).get(5, TimeUnit.SECONDS); // everything queued so far has run
    assertThat(runtime.localManager().connections()).isEmpty();
    assertThat(runtime.connectionCount()).isZero();
  }

  /**
   * A stream invocation read before the end and dispatched after it used to start a stream that
   * nothing would ever cancel: the hub's publisher kept its subscriber, the connection's registry
   * its entry.
   */
  @Test
  void nothingReadBeforeTheEndIsDispatchedAfterIt() throws Exception {
    ManualExecutor hubThread = new ManualExecutor();
    HubEndpointRuntime<FuzzHub> runtime = new HubEndpointRuntime<>(
        FuzzHub.class, null, HubOptions.DEFAULTS, new JsonHubProtocol(), hubThread);
    HubConnectionContext[] context = new HubConnectionContext[1];
    io.signet.connection.Connection connection = new io.signet.connection.Connection("c", "t", 1,
        io.signet.connection.ConnectionOptions.DEFAULTS, timer, c -> { });
    connection.claim(io.signet.connection.TransportType.WebSockets, null);
    connection.attach(new RecordingSink(), c -> context[0] =
        (HubConnectionContext) runtime.onConnected(c));
    receive(connection, "{\"protocol\":\"json\",\"version\":1}\u001e");
    hubThread.runAll(); // the handshake
    receive(connection, "{\"type\":4,\"invocationId\":\"1\",\"target\":\"endless\","
        + "\"arguments\":[]}\u001e{\"type\":1,\"target\":\"sum\",\"arguments\":[],"
        + "\"streamIds\":[\"s\"]}\u001e");
    // Both were parsed on the transport thread and handed to the hub thread, which has not run.
    connection.transportClosed(null);
    hubThread.runAll();
    assertThat(context[0].openCallsIfAny().openStreams()).isZero();
  }

  private static void receive(io.signet.connection.Connection connection, String text) {
    connection.receive(ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Runs tasks only when told, so a test decides what the hub thread has done. */
  private static final class ManualExecutor implements java.util.concurrent.Executor {
    private final java.util.Queue<Runnable> tasks =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  /** A transport that takes every write and closes when told. */
  private static final class RecordingSink implements io.signet.connection.TransportSink {
    @Override
    public java.util.concurrent.CompletionStage<Void> write(
        List<io.signet.connection.OutboundPayload> batch) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(Throwable error) {}
  }

  /** The JSON protocol, but its version check ends the transport of {@link #client}. */
  private static final class ClosingProtocol implements HubProtocol {
    private final JsonHubProtocol json = new JsonHubProtocol();
    volatile TestClient client;

    @Override
    public String name() {
      return json.name();
    }

    @Override
    public int version() {
      TestClient current = client;
      if (current != null) {
        current.connection.transportClosed(null); // the client went away just now
      }
      return json.version();
    }

    @Override
    public TransferFormat transferFormat() {
      return json.transferFormat();
    }

    @Override
    public void parseMessages(ByteBuffer input, MessageLimits limits, List<HubMessage> out)
        throws InvalidMessageException {
      json.parseMessages(input, limits, out);
    }

    @Override
    public byte[] writeMessage(HubMessage message) {
      return json.writeMessage(message);
    }
  }
}
