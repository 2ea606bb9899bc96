package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.Hub;
import io.signet.hub.HubOptions;
import io.signet.protocol.JsonHubProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The life of a hub connection: handshake, keep-alive, timeouts, limits and its end. */
class HubSessionTest {
  private static final String CLOSED_WITH_ERROR =
      "{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}";

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

  private <H extends Hub> HubEndpointRuntime<H> runtime(Class<H> hub, HubOptions options) {
    return new HubEndpointRuntime<>(hub, null, options, new JsonHubProtocol(), executor);
  }

  private HubEndpointRuntime<TestHubs.EchoHub> echo() {
    return runtime(TestHubs.EchoHub.class, HubOptions.DEFAULTS);
  }

  private static String nextEvent() throws InterruptedException {
    String event = TestHubs.EVENTS.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("a hub event within 5 s").isNotNull();
    return event;
  }

  @Test
  void refusesUnknownProtocolsAndVersions() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient msgpack = TestClient.connect(runtime, timer);
    msgpack.send("{\"protocol\":\"messagepack\",\"version\":1}");
    assertThat(msgpack.next()).isEqualTo("{\"error\":\"The protocol 'messagepack' is not supported.\"}");
    assertThat(msgpack.awaitTransportClosed()).isNull();

    TestClient future = TestClient.connect(runtime, timer);
    future.send("{\"protocol\":\"json\",\"version\":3}");
    assertThat(future.next()).isEqualTo(
        "{\"error\":\"The server does not support version 3 of the 'json' protocol.\"}");

    TestClient malformed = TestClient.connect(runtime, timer);
    malformed.send("{\"protocol\":\"json\"");
    assertThat(malformed.next()).isEqualTo(
        "{\"error\":\"An unexpected error occurred during connection handshake.\"}");

    TestClient missing = TestClient.connect(runtime, timer);
    missing.send("{\"version\":1}");
    assertThat(missing.next()).isEqualTo(
        "{\"error\":\"An unexpected error occurred during connection handshake.\"}");
    assertThat(TestHubs.EVENTS).isEmpty();
  }

  @Test
  void acceptsVersionTwoAndMessagesInTheHandshakeFrame() throws Exception {
    TestClient client = TestClient.connect(echo(), timer);
    client.sendRaw("{\"version\":2,\"protocol\":\"json\",\"extra\":true}" + TestClient.RS
        + "{\"type\":6}" + TestClient.RS
        + "{\"arguments\":[\"x\"],\"invocationId\":\"0\",\"target\":\"echo\",\"type\":1}"
        + TestClient.RS);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(client.next()).contains("\"result\":\"x\"");
  }

  @Test
  void cancelsAHandshakeThatNeverCompletes() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient client = TestClient.connect(runtime, timer);
    client.sendRaw("{\"protocol\":");
    long later = client.connection.createdNanos() + Duration.ofSeconds(16).toNanos();
    runtime.tick(later);
    assertThat(client.next()).isEqualTo("{\"error\":\"Handshake was canceled.\"}");
    client.awaitTransportClosed();
    assertThat(runtime.connectionCount()).isZero();
  }

  @Test
  void oversizedHandshakeIsCanceled() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime =
        runtime(TestHubs.EchoHub.class, HubOptions.builder().maximumReceiveMessageSize(64).build());
    TestClient client = TestClient.connect(runtime, timer);
    client.sendRaw("{\"protocol\":\"json\",\"version\":1,\"padding\":\"" + "x".repeat(100));
    assertThat(client.next()).isEqualTo("{\"error\":\"Handshake was canceled.\"}");
  }

  @Test
  void pingsAnIdleClientAndTimesOutASilentOne() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient client = TestClient.handshaken(runtime, timer);
    assertThat(nextEvent()).startsWith("connected");
    long start = System.nanoTime();
    runtime.tick(start + Duration.ofSeconds(16).toNanos());
    assertThat(client.next()).isEqualTo("{\"type\":6}");
    // No client ping yet, so the client timeout is not armed (old clients never ping).
    runtime.tick(start + Duration.ofSeconds(60).toNanos());
    assertThat(client.next()).isEqualTo("{\"type\":6}");
    assertThat(client.isTransportClosed()).isFalse();

    client.send("{\"type\":6}");
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"x\"]}");
    assertThat(client.nextNonPing()).contains("\"result\":\"x\"");
    runtime.tick(System.nanoTime() + Duration.ofSeconds(31).toNanos());
    assertThat(client.nextNonPing()).isEqualTo(CLOSED_WITH_ERROR);
    assertThat(client.awaitTransportClosed()).isNull();
    assertThat(nextEvent()).endsWith("ClientTimeoutException");
  }

  @Test
  void sendingToTheClientPostponesThePing() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient client = TestClient.handshaken(runtime, timer);
    assertThat(nextEvent()).startsWith("connected");
    long start = System.nanoTime();
    runtime.tick(start);
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"x\"]}");
    assertThat(client.next()).contains("\"result\":\"x\"");
    // The result went out after the tick at start: 10 s later no ping is due yet.
    runtime.tick(start + Duration.ofSeconds(10).toNanos());
    client.send("{\"type\":1,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[\"y\"]}");
    assertThat(client.next()).contains("\"result\":\"y\"");
    // That result went out after the tick at 10 s; 26 s is more than the 15 s keep-alive later.
    runtime.tick(start + Duration.ofSeconds(26).toNanos());
    assertThat(client.next()).isEqualTo("{\"type\":6}");
  }

  @Test
  void closesOnAMessageOverTheSizeLimit() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime =
        runtime(TestHubs.EchoHub.class, HubOptions.builder().maximumReceiveMessageSize(100).build());
    TestClient client = TestClient.handshaken(runtime, timer);
    nextEvent();
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\""
        + "x".repeat(200) + "\"]}");
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    client.awaitTransportClosed();
    assertThat(nextEvent()).endsWith("MessageTooLargeException");
    assertThat(runtime.connectionCount()).isZero();
  }

  @Test
  void theSizeLimitCountsTheRecordSeparatorAsASPNETCoreDoes() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime =
        runtime(TestHubs.EchoHub.class, HubOptions.builder().maximumReceiveMessageSize(100).build());
    TestClient client = TestClient.handshaken(runtime, timer);
    nextEvent();
    String ping = "{\"type\":6}";
    client.send(ping.replace("}", " ".repeat(99 - ping.length()) + "}")); // 99 bytes + separator
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"ok\"]}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"ok\"}");
    client.send(ping.replace("}", " ".repeat(100 - ping.length()) + "}")); // 100 + separator
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    client.awaitTransportClosed();
  }

  @Test
  void detailedErrorsNameTheSizeLimit() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(TestHubs.EchoHub.class,
        HubOptions.builder().maximumReceiveMessageSize(100).enableDetailedErrors(true).build());
    TestClient client = TestClient.handshaken(runtime, timer);
    client.sendRaw("x".repeat(150)); // no separator yet, already over the limit
    assertThat(client.next()).isEqualTo("{\"type\":7,\"error\":\"Connection closed with an error. "
        + "InvalidDataException: The maximum message size of 100B was exceeded. The message size "
        + "can be configured in AddHubOptions.\",\"allowReconnect\":true}");
  }

  @Test
  void theServerLogNamesSignetsOptionOncePerMinuteHoweverManyClientsOverstepIt()
      throws Exception {
    // 777: a limit no other test uses, so that no earlier warning shares this one's minute.
    HubEndpointRuntime<TestHubs.EchoHub> runtime = runtime(TestHubs.EchoHub.class,
        HubOptions.builder().maximumReceiveMessageSize(777).build());
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 3; i++) {
        TestClient client = TestClient.handshaken(runtime, timer);
        client.sendRaw("x".repeat(800));
        assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).containsOnlyOnce("larger than HubOptions.maximumReceiveMessageSize (777 bytes)");
    assertThat(log).doesNotContain("AddHubOptions");
  }

  @Test
  void dispatchesValidMessagesBeforeAMalformedOneThenCloses() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient client = TestClient.handshaken(runtime, timer);
    nextEvent();
    client.sendRaw("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"ok\"]}"
        + TestClient.RS + "{not json" + TestClient.RS
        + "{\"type\":1,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[\"never\"]}"
        + TestClient.RS);
    assertThat(client.next()).contains("\"result\":\"ok\"");
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    client.awaitTransportClosed();
    assertThat(nextEvent()).endsWith("InvalidMessageException");
    assertThat(client.drainReceived()).isEmpty();
  }

  @Test
  void messagesOfTheWrongShapeCloseTheConnection() throws Exception {
    String[] wrong = {
      "{\"type\":1,\"invocationId\":\"1\",\"arguments\":[]}",
      "{\"type\":\"one\"}",
      "[1,2,3]",
      "{\"type\":3}",
      "{\"type\":1,\"target\":\"echo\",\"arguments\":{}}",
    };
    for (String message : wrong) {
      TestClient client = TestClient.handshaken(echo(), timer);
      client.send(message);
      assertThat(client.next()).as(message).isEqualTo(CLOSED_WITH_ERROR);
      client.awaitTransportClosed();
    }
  }

  @Test
  void aClientCloseEndsTheConnectionWithoutError() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient client = TestClient.handshaken(runtime, timer);
    String connected = nextEvent();
    client.send("{\"type\":7}");
    assertThat(client.awaitTransportClosed()).isNull();
    assertThat(nextEvent()).isEqualTo(connected.replace("connected", "disconnected") + " null");
    assertThat(runtime.connectionCount()).isZero();
  }

  @Test
  void abortSendsAnEmptyCloseWithoutReconnect() throws Exception {
    TestClient client = TestClient.handshaken(echo(), timer);
    nextEvent();
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"abort\",\"arguments\":[]}");
    assertThat(client.drainUntilClose()).isEqualTo("{\"type\":7}");
    assertThat(client.awaitTransportClosed()).isNull();
    assertThat(nextEvent()).endsWith(" null");
  }

  @Test
  void aThrowingOnConnectedEndsTheConnectionWithoutReconnect() throws Exception {
    HubEndpointRuntime<TestHubs.RefusingHub> runtime =
        runtime(TestHubs.RefusingHub.class, HubOptions.DEFAULTS);
    TestClient client = TestClient.handshaken(runtime, timer);
    assertThat(client.next()).isEqualTo(
        "{\"type\":7,\"error\":\"Connection closed with an error. HubException: go away\"}");
    client.awaitTransportClosed();
  }

  @Test
  void groupsDeliverToMembersAndForgetDisconnectedOnes() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = echo();
    TestClient alice = TestClient.handshaken(runtime, timer);
    TestClient bob = TestClient.handshaken(runtime, timer);
    alice.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"join\",\"arguments\":[\"g\"]}");
    assertThat(alice.next()).contains("\"result\":null");
    bob.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"tellGroup\",\"arguments\":[\"g\",\"hi\"]}");
    assertThat(bob.next()).contains("\"result\":null");
    assertThat(alice.next()).isEqualTo(
        "{\"type\":1,\"target\":\"Told\",\"arguments\":[\"hi\"]}");
    DefaultHubLifetimeManager manager = (DefaultHubLifetimeManager) runtime.lifetimeManager();
    assertThat(manager.groupCount()).isEqualTo(1);
    alice.send("{\"type\":7}");
    // onDisconnected runs after the connection left its groups.
    while (!nextEvent().startsWith("disconnected " + alice.connection.id())) {
      continue;
    }
    assertThat(manager.groupCount()).isZero();
    assertThat(bob.drainReceived()).isEmpty();
  }
}
