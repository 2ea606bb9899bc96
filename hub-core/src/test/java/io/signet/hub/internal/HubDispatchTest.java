package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubOptions;
import io.signet.protocol.JsonHubProtocol;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invocations through the whole hub layer: binding, results, errors, ordering. */
class HubDispatchTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;
  private HubEndpointRuntime<TestHubs.EchoHub> runtime;

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(4);
    timer = Executors.newSingleThreadScheduledExecutor();
    TestHubs.EVENTS.clear();
    TestHubs.PENDING.clear();
    runtime = runtime(HubOptions.DEFAULTS);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private HubEndpointRuntime<TestHubs.EchoHub> runtime(HubOptions options) {
    return new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, null, options, new JsonHubProtocol(), executor);
  }

  private static String invoke(String id, String target, String arguments) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":" + arguments + "}";
  }

  @Test
  void returnsValuesOfEveryShape() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "Echo", "[\"hé 😀\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"hé 😀\"}");
    client.send(invoke("2", "add", "[2,3]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":5}");
    client.send(invoke("3", "Move", "[{\"X\":1,\"y\":1},[{\"x\":2,\"y\":3},{\"x\":-1,\"y\":0}]]"));
    assertThat(client.next())
        .isEqualTo("{\"type\":3,\"invocationId\":\"3\",\"result\":{\"x\":2,\"y\":4}}");
    client.send(invoke("4", "record", "[\"void\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"4\",\"result\":null}");
  }

  @Test
  void matchesNamesIgnoringCaseAndHonoursRenamesAndIgnores() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "ECHO", "[\"x\"]"));
    assertThat(client.next()).contains("\"result\":\"x\"");
    client.send(invoke("2", "Renamed", "[]"));
    assertThat(client.next()).contains("\"result\":\"renamed\"");
    client.send(invoke("3", "originalName", "[]"));
    assertThat(client.next()).contains(
        "Failed to invoke 'originalName' due to an error on the server. "
            + "HubException: Method does not exist.");
    client.send(invoke("4", "Hidden", "[]"));
    assertThat(client.next()).contains("Failed to invoke 'Hidden'");
    client.send(invoke("5", "onConnected", "[]"));
    assertThat(client.next()).contains("Failed to invoke 'onConnected'");
  }

  @Test
  void reportsBindingErrorsWithAspNetTexts() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "Add", "[1]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":"
        + "\"Failed to invoke 'Add' due to an error on the server.\"}");
    client.send(invoke("2", "Add", "[\"one\",2]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"error\":"
        + "\"Failed to invoke 'Add' due to an error on the server.\"}");
    client.send(invoke("3", "Add", "[null,2]"));
    assertThat(client.next()).contains("Failed to invoke 'Add' due to an error on the server.");
    client.send("{\"type\":1,\"invocationId\":\"4\",\"target\":\"Echo\",\"arguments\":[\"x\"],"
        + "\"streamIds\":[\"9\"]}");
    assertThat(client.next()).contains("An unexpected error occurred invoking 'Echo' on the server."
        + " HubException: Client sent 1 stream(s), Hub method expects 0.");
  }

  @Test
  void detailedErrorsExplainBindingFailures() throws Exception {
    runtime = runtime(HubOptions.builder().enableDetailedErrors(true).build());
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "Add", "[1]"));
    assertThat(client.next()).contains("Failed to invoke 'Add' due to an error on the server. "
        + "InvalidDataException: Invocation provides 1 argument(s) but target expects 2.");
    client.send(invoke("2", "Add", "[\"one\",2]"));
    assertThat(client.next()).contains("InvalidDataException: Error binding arguments. Make sure "
        + "that the types of the provided values match the types of the hub method being invoked.");
    client.send(invoke("3", "Crash", "[]"));
    assertThat(client.next()).contains("An unexpected error occurred invoking 'Crash' on the "
        + "server. IllegalStateException: secret");
  }

  @Test
  void hubExceptionTextPassesThroughOtherExceptionsDoNot() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "Fail", "[\"nope\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":"
        + "\"An unexpected error occurred invoking 'Fail' on the server. HubException: nope\"}");
    client.send(invoke("2", "Crash", "[]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"error\":"
        + "\"An unexpected error occurred invoking 'Crash' on the server.\"}");
    client.send(invoke("3", "CrashLater", "[]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"3\",\"error\":"
        + "\"An unexpected error occurred invoking 'CrashLater' on the server.\"}");
    client.send(invoke("4", "Unserializable", "[]"));
    assertThat(client.next()).contains(
        "An unexpected error occurred invoking 'Unserializable' on the server.");
  }

  @Test
  void nonBlockingCallsGetNoCompletionEvenWhenTheyFail() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send("{\"type\":1,\"target\":\"Record\",\"arguments\":[\"sent\"]}");
    client.send("{\"type\":1,\"target\":\"NoSuchMethod\",\"arguments\":[]}");
    client.send("{\"type\":1,\"target\":\"Crash\",\"arguments\":[]}");
    client.send(invoke("1", "Echo", "[\"after\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"after\"}");
    assertThat(TestHubs.EVENTS).contains("sent");
  }

  @Test
  void anAsyncMethodHoldsBackTheConnectionsNextMessage() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "Later", "[]"));
    CompletableFuture<String> pending = TestHubs.PENDING.poll(5, TimeUnit.SECONDS);
    assertThat(pending).isNotNull();
    client.send(invoke("2", "Record", "[\"second\"]"));
    // The second call must wait for the first; nothing may have run or been answered yet.
    assertThat(TestHubs.EVENTS.poll(200, TimeUnit.MILLISECONDS)).startsWith("connected");
    assertThat(TestHubs.EVENTS.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(client.drainReceived()).isEmpty();
    pending.complete("first");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"first\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":null}");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
  }

  @Test
  void processesMessagesSplitAcrossAndBatchedWithinReads() throws Exception {
    TestClient client = TestClient.connect(runtime, timer);
    String handshake = "{\"protocol\":\"json\",\"version\":1}" + TestClient.RS;
    String first = invoke("1", "Echo", "[\"a\"]") + TestClient.RS;
    String second = invoke("2", "Echo", "[\"b\"]") + TestClient.RS;
    String all = handshake + first + second;
    client.sendRaw(all.substring(0, 10));
    client.sendRaw(all.substring(10, handshake.length() + 5));
    client.sendRaw(all.substring(handshake.length() + 5));
    assertThat(client.next()).isEqualTo("{}");
    assertThat(client.next()).contains("\"result\":\"a\"");
    assertThat(client.next()).contains("\"result\":\"b\"");
  }

  @Test
  void streamInvocationsOfPlainMethodsAreRefused() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send("{\"type\":4,\"invocationId\":\"7\",\"target\":\"Echo\",\"arguments\":[\"x\"]}");
    assertThat(client.next()).contains("The client attempted to invoke the non-streaming 'Echo' "
        + "method with a streaming invocation.");
    client.send("{\"type\":4,\"invocationId\":\"8\",\"target\":\"Nope\",\"arguments\":[]}");
    assertThat(client.next()).contains("Failed to invoke 'Nope' due to an error on the server. "
        + "HubException: Method does not exist.");
  }

  @Test
  void ignoresMessagesForUnknownIdsAndUnknownTypes() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send("{\"type\":3,\"invocationId\":\"42\",\"result\":1}");
    client.send("{\"type\":2,\"invocationId\":\"42\",\"item\":1}");
    client.send("{\"type\":5,\"invocationId\":\"42\"}");
    client.send("{\"type\":99,\"whatever\":[1,2]}");
    client.send("{\"type\":8,\"sequenceId\":1}");
    client.send(invoke("1", "Echo", "[\"still here\"]"));
    assertThat(client.next()).contains("\"result\":\"still here\"");
  }
}
