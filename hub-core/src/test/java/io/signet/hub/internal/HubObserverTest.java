package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.TransportType;
import io.signet.hub.HubOptions;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.observe.ConnectionEndStatus;
import io.signet.observe.HubObserver;
import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import io.signet.observe.ObservedHub;
import io.signet.observe.SignetObserver;
import io.signet.protocol.JsonHubProtocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a hub tells its observers: connections, calls with their outcomes, messages and bytes. */
class HubObserverTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;
  private final Recorder recorder = new Recorder();
  private ObservedHub observed;
  private HubEndpointRuntime<TestHubs.EchoHub> runtime;

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(4);
    timer = Executors.newSingleThreadScheduledExecutor();
    SignetObserver observer = hub -> {
      observed = hub;
      return recorder;
    };
    runtime = new HubEndpointRuntime<>("/echo", TestHubs.EchoHub.class, null, HubOptions.DEFAULTS,
        List.of(new JsonHubProtocol()), executor, Function.<LocalHubLifetimeManager>identity()
            .andThen(local -> local), List.of(observer));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static String invoke(String id, String target, String arguments) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":" + arguments + "}";
  }

  @Test
  void theHubIsDescribedOnce() {
    assertThat(observed.name()).isEqualTo("EchoHub");
    assertThat(observed.path()).isEqualTo("/echo");
  }

  @Test
  void everyOutcomeOfACallIsReported() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "echo", "[\"hi\"]"));
    assertThat(client.nextNonPing()).contains("\"result\":\"hi\"");
    client.send(invoke("2", "fail", "[\"no\"]"));
    assertThat(client.nextNonPing()).contains("\"error\"");
    client.send(invoke("3", "crashLater", "[]"));
    assertThat(client.nextNonPing()).contains("\"error\"");
    client.send(invoke("4", "noSuchMethod", "[]"));
    assertThat(client.nextNonPing()).contains("does not exist");
    client.send(invoke("5", "add", "[\"one\",\"two\"]"));
    assertThat(client.nextNonPing()).contains("\"error\"");

    assertThat(recorder.events).containsExactly(
        "started echo", "ended echo success",
        "started fail", "ended fail error HubException",
        "started crashLater", "ended crashLater error IllegalStateException",
        "refused null unknown_method",
        "refused add binding_failure");
  }

  @Test
  void messagesAndBytesAreCountedEachWay() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    long bytesAfterHandshake = recorder.bytesReceived.get();
    String call = invoke("1", "echo", "[\"hello\"]") + TestClient.RS;
    client.sendRaw(call);
    client.nextNonPing();
    assertThat(recorder.bytesReceived.get() - bytesAfterHandshake).isEqualTo(call.length());
    assertThat(recorder.messagesReceived.get()).isEqualTo(1);
    // The handshake answer is the connection's, not a hub message; the completion is one.
    String completion = "{\"type\":3,\"invocationId\":\"1\",\"result\":\"hello\"}" + TestClient.RS;
    assertThat(recorder.messagesSent.get()).isEqualTo(1);
    assertThat(recorder.bytesSent.get()).isEqualTo(completion.length());
  }

  @Test
  void connectionsAreCountedPerTransportUntilTheyEnd() throws Exception {
    TestClient first = TestClient.handshaken(runtime, timer);
    TestClient second = TestClient.handshaken(runtime, timer);
    assertThat(observed.activeConnections(TransportType.WebSockets)).isEqualTo(2);
    assertThat(observed.activeConnections(TransportType.LongPolling)).isZero();
    assertThat(runtime.connectionsByTransport())
        .containsEntry(TransportType.WebSockets, 2).containsEntry(TransportType.LongPolling, 0);

    first.connection.transportClosed(null);
    assertThat(recorder.ended.poll(5, TimeUnit.SECONDS))
        .isEqualTo("WebSockets normal_closure");
    assertThat(observed.activeConnections(TransportType.WebSockets)).isEqualTo(1);

    runtime.closeAll(); // the app shuts down
    assertThat(recorder.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("WebSockets app_shutdown");
    assertThat(observed.activeConnections(TransportType.WebSockets)).isZero();
    assertThat(second.isTransportClosed()).isTrue();
    assertThat(recorder.started.get()).isEqualTo(2);
  }

  @Test
  void aClientThatStopsTalkingEndsAsATimeout() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> impatient = new HubEndpointRuntime<>("/echo",
        TestHubs.EchoHub.class, null,
        HubOptions.builder().clientTimeoutInterval(Duration.ofMillis(1)).build(),
        List.of(new JsonHubProtocol()), executor, local -> local, List.of(hub -> recorder));
    TestClient client = TestClient.handshaken(impatient, timer);
    client.send("{\"type\":6}"); // a client that pinged once is timed out
    client.send(invoke("1", "echo", "[\"after the ping\"]"));
    assertThat(client.nextNonPing()).contains("after the ping"); // so the ping was taken
    long later = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    impatient.tick(later);
    assertThat(client.drainUntilClose()).contains("\"allowReconnect\":true");
    assertThat(recorder.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("WebSockets timeout");
  }

  /** Records what it learns, as text where order matters. */
  private static final class Recorder implements HubObserver {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
    final AtomicInteger started = new AtomicInteger();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicInteger messagesReceived = new AtomicInteger();
    final AtomicInteger messagesSent = new AtomicInteger();
    final AtomicLong bytesSent = new AtomicLong();

    @Override
    public void connectionStarted(TransportType transport) {
      started.incrementAndGet();
    }

    @Override
    public void connectionEnded(TransportType transport, ConnectionEndStatus status,
        Duration duration) {
      assertThat(duration).isPositive();
      ended.add(transport + " " + status.attributeValue());
    }

    @Override
    public void bytesReceived(int bytes) {
      bytesReceived.addAndGet(bytes);
    }

    @Override
    public void messagesReceived(int count) {
      messagesReceived.addAndGet(count);
    }

    @Override
    public void messageSent(int bytes) {
      messagesSent.incrementAndGet();
      bytesSent.addAndGet(bytes);
    }

    @Override
    public InvocationObservation invocationStarted(String method, String connectionId) {
      events.add("started " + method);
      return (outcome, error) -> events.add("ended " + method + " " + outcome.tagValue()
          + (error == null ? "" : " " + error.getClass().getSimpleName()));
    }

    @Override
    public void invocationRefused(String method, InvocationOutcome outcome) {
      events.add("refused " + method + " " + outcome.tagValue());
    }
  }
}
