package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionOptions;
import io.signet.hub.HubOptions;
import io.signet.protocol.JsonHubProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stateful reconnect in the hub layer: a client resumes after its transport dropped, with no
 * lifecycle callback, its groups and items kept, and each message in either direction processed
 * once, in order.
 */
class HubStatefulReconnectTest {
  private static final Duration WINDOW = Duration.ofSeconds(15);
  private static final ConnectionOptions STATEFUL = new ConnectionOptions(1024 * 1024, WINDOW,
      Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(10),
      Set.of(), 30_000_000, true, 100_000);
  private static final String HANDSHAKE_V2 = "{\"protocol\":\"json\",\"version\":2}";

  private ExecutorService executor;
  private ScheduledExecutorService timer;

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    TestHubs.EVENTS.clear();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private HubEndpointRuntime<TestHubs.EchoHub> runtime(boolean detailedErrors) {
    HubOptions options = HubOptions.builder().allowStatefulReconnects(true)
        .enableDetailedErrors(detailedErrors).build();
    return new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, null, options, new JsonHubProtocol(), executor);
  }

  private static String nextEvent() throws InterruptedException {
    String event = TestHubs.EVENTS.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("a hub event within 5 s").isNotNull();
    return event;
  }

  private static String call(String id, String target, String argument) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":[\"" + argument + "\"]}";
  }

  private static String record(String event) {
    return "{\"type\":1,\"target\":\"record\",\"arguments\":[\"" + event + "\"]}";
  }

  private static String told(String text) {
    return "{\"type\":1,\"target\":\"Told\",\"arguments\":[\"" + text + "\"]}";
  }

  /** A client that completed a version-2 handshake, and its hub's onConnected. */
  private TestClient handshaken(HubEndpointRuntime<?> runtime) throws InterruptedException {
    TestClient client = TestClient.stateful(runtime, timer, STATEFUL);
    client.send(HANDSHAKE_V2);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(nextEvent()).isEqualTo("connected " + client.connection.id());
    return client;
  }

  /** The timer's tick, a little later each time, so that an acknowledgement is due. */
  private long tickAfter(HubEndpointRuntime<?> runtime, long previous) {
    long now = Math.max(previous, System.nanoTime()) + Duration.ofSeconds(2).toNanos();
    runtime.tick(now);
    return now;
  }

  @Test
  void resumesKeepingGroupsAndItemsAndProcessesEachMessageOnceInOrder() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(false);
    TestClient first = handshaken(runtime);
    String id = first.connection.id();
    // Client messages 1 to 4 (trackable, numbered by both sides).
    first.send(call("0", "join", "g"));
    assertThat(first.next()).isEqualTo("{\"type\":3,\"invocationId\":\"0\",\"result\":null}");
    first.send(call("1", "keep", "kept value"));
    assertThat(first.next()).startsWith("{\"type\":3,\"invocationId\":\"1\"");
    first.send(record("c3"));
    first.send(record("c4"));
    assertThat(nextEvent()).isEqualTo("c3");
    assertThat(nextEvent()).isEqualTo("c4");
    long now = tickAfter(runtime, 0);
    assertThat(first.next()).isEqualTo("{\"type\":8,\"sequenceId\":4}");
    // Server messages 3 and 4 (the completions were 1 and 2); the client acknowledges up to 3.
    runtime.clients().group("g").send("Told", "s3");
    runtime.clients().client(id).send("Told", "s4");
    assertThat(first.next()).isEqualTo(told("s3"));
    assertThat(first.next()).isEqualTo(told("s4"));
    first.send("{\"type\":8,\"sequenceId\":3}");
    first.send(record("c5")); // never acknowledged: the transport drops before the next tick
    assertThat(nextEvent()).isEqualTo("c5");

    first.drop();
    runtime.clients().group("g").send("Told", "s5"); // while the client is away
    now = tickAfter(runtime, now);
    assertThat(first.drainReceived()).as("nothing goes to a dropped transport").isEmpty();

    TestClient second = first.resume(runtime);
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":4}");
    assertThat(second.next()).isEqualTo(told("s4"));
    assertThat(second.next()).isEqualTo(told("s5"));
    // The client resends from its oldest unacknowledged message, 5, and goes on with 6; a
    // message before its Sequence would be a straggler of the old transport and is dropped.
    second.send(record("straggler"));
    second.send("{\"type\":9,\"sequenceId\":5}");
    second.send(record("c5"));
    second.send(record("c6"));
    second.send("{\"type\":1,\"invocationId\":\"7\",\"target\":\"kept\",\"arguments\":[]}");
    assertThat(nextEvent()).isEqualTo("c6");
    assertThat(second.nextNonPing()).isEqualTo(
        "{\"type\":3,\"invocationId\":\"7\",\"result\":\"kept value\"}");
    tickAfter(runtime, now);
    assertThat(second.next()).isEqualTo("{\"type\":8,\"sequenceId\":7}");

    runtime.clients().group("g").send("Told", "s6");
    assertThat(second.next()).isEqualTo(told("s6"));
    assertThat(TestHubs.EVENTS).as("no onDisconnected, no second onConnected").isEmpty();
    assertThat(runtime.connectionCount()).isEqualTo(1);
  }

  @Test
  void aVersionOneHandshakeTurnsItOffSoADropEndsTheConnection() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(false);
    TestClient client = TestClient.stateful(runtime, timer, STATEFUL);
    client.send("{\"protocol\":\"json\",\"version\":1}");
    assertThat(client.next()).isEqualTo("{}");
    assertThat(nextEvent()).startsWith("connected");
    assertThat(client.connection.statefulReconnect().isGranted()).isFalse();
    client.drop();
    assertThat(nextEvent()).isEqualTo(
        "disconnected " + client.connection.id() + " IOException");
    assertThat(client.connection.state()).isEqualTo(Connection.State.CLOSED);
  }

  @Test
  void aSequenceBeyondWhatTheServerReceivedEndsTheConnectionWithAspNetCoresText()
      throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(true);
    TestClient first = handshaken(runtime);
    first.send(record("c1"));
    assertThat(nextEvent()).isEqualTo("c1");
    first.drop();
    TestClient second = first.resume(runtime);
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":1}");
    second.send("{\"type\":9,\"sequenceId\":3}"); // 2 would be next: 3 means one was lost
    assertThat(second.drainUntilClose()).isEqualTo("{\"type\":7,\"error\":\"Connection closed "
        + "with an error. InvalidOperationException: Sequence ID greater than amount of "
        + "messages we've received.\",\"allowReconnect\":true}");
    assertThat(nextEvent()).isEqualTo(
        "disconnected " + first.connection.id() + " SequenceException");
    assertThat(TestHubs.EVENTS).isEmpty();
  }

  @Test
  void aMessageCutInTwoByTheDropNeverMeetsTheNewTransportsBytes() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(false);
    TestClient first = handshaken(runtime);
    first.sendRaw("{\"type\":1,\"target\":\"rec"); // the rest was lost with the socket
    // The client comes back before the server noticed: its new socket replaces the old one.
    TestClient second = first.resume(runtime);
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":1}");
    first.sendRaw("ord\",\"arguments\":[\"stale\"]}" + TestClient.RS); // refused: replaced
    second.send("{\"type\":9,\"sequenceId\":1}");
    second.send(record("c1"));
    // Had the two halves met, the parse would have failed and c1 never run.
    assertThat(nextEvent()).isEqualTo("c1");
    assertThat(second.drainReceived()).isEmpty();
  }

  @Test
  void aClientThatDoesNotComeBackInTimeIsDisconnectedOnceWithoutError() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(false);
    TestClient client = handshaken(runtime);
    client.drop();
    client.connection.checkDetached(System.nanoTime());
    assertThat(client.connection.state()).isEqualTo(Connection.State.DETACHED);
    long afterWindow = System.nanoTime() + WINDOW.toNanos() + Duration.ofSeconds(1).toNanos();
    client.connection.checkDetached(afterWindow);
    client.connection.checkDetached(afterWindow);
    assertThat(nextEvent()).isEqualTo("disconnected " + client.connection.id() + " null");
    assertThat(runtime.connectionCount()).isZero();
    assertThat(client.connection.state()).isEqualTo(Connection.State.CLOSED);
    List<String> more = new ArrayList<>();
    TestHubs.EVENTS.drainTo(more);
    assertThat(more).isEmpty();
  }

  @Test
  void theClientLeavingTurnsItOff() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(false);
    TestClient client = handshaken(runtime);
    client.send("{\"type\":7}");
    // Its socket then drops rather than closing cleanly: the connection ends all the same.
    client.drop();
    assertThat(nextEvent()).startsWith("disconnected " + client.connection.id());
    assertThat(client.connection.state()).isEqualTo(Connection.State.CLOSED);
  }
}
