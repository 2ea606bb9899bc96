package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.Hub;
import io.signet.hub.HubException;
import io.signet.hub.HubFilter;
import io.signet.hub.HubInvocationContext;
import io.signet.hub.HubLifetimeContext;
import io.signet.hub.HubOptions;
import io.signet.hub.HubUser;
import io.signet.protocol.JsonHubProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client results, parallel invocations, filters, authorization and hub instances in the hub layer.
 */
class HubFeaturesTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(4);
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

  private static String invoke(String id, String target, String arguments) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":" + arguments + "}";
  }

  @Test
  void aHubMethodAwaitsTheCallersResult() throws Exception {
    TestClient client = TestClient.handshaken(runtime(FeatureHubs.StreamingHub.class,
        HubOptions.builder().maximumParallelInvocationsPerClient(2).build()), timer);
    client.send(invoke("1", "AskCaller", "[\"name?\"]"));
    String question = client.next();
    assertThat(question).matches(
        "\\{\"type\":1,\"invocationId\":\"\\d+\",\"target\":\"Answer\",\"arguments\":\\[\"name\\?\"]}");
    String id = question.replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
    client.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"Ada\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"Ada\"}");

    client.send(invoke("2", "AskCaller", "[\"again?\"]"));
    id = client.next().replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
    client.send("{\"type\":3,\"invocationId\":\"" + id
        + "\",\"error\":\"Client didn't provide a result.\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"error\":\"An "
        + "unexpected error occurred invoking 'AskCaller' on the server. HubException: Client "
        + "didn't provide a result.\"}");
  }

  @Test
  void withOneInvocationSlotAHubMethodStillAwaitsTheCallersResult() throws Exception {
    // ASP.NET Core 8 allows this with default options; the answer is read while the call runs.
    TestClient client = TestClient.handshaken(
        runtime(FeatureHubs.StreamingHub.class, HubOptions.DEFAULTS), timer);
    client.send(invoke("1", "AskCaller", "[\"name?\"]"));
    String id = client.next().replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
    client.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"Ada\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"Ada\"}");
  }

  @Test
  void itemsKeepTheirValuesAcrossCallsOfOneConnection() throws Exception {
    HubEndpointRuntime<FeatureHubs.StreamingHub> runtime =
        runtime(FeatureHubs.StreamingHub.class, HubOptions.DEFAULTS);
    TestClient first = TestClient.handshaken(runtime, timer);
    TestClient second = TestClient.handshaken(runtime, timer);
    first.send(invoke("1", "Count", "[]"));
    assertThat(first.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":1}");
    first.send(invoke("2", "Count", "[]"));
    assertThat(first.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":2}");
    second.send(invoke("1", "Count", "[]"));
    assertThat(second.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":1}");
  }

  @Test
  void clientResultsTimeOut() throws Exception {
    HubEndpointRuntime<FeatureHubs.StreamingHub> impatient =
        runtime(FeatureHubs.StreamingHub.class, HubOptions.builder()
            .maximumParallelInvocationsPerClient(2).enableDetailedErrors(true)
            .clientResultTimeout(Duration.ofMillis(200)).build());
    TestClient silent = TestClient.handshaken(impatient, timer);
    silent.send(invoke("1", "AskCaller", "[\"?\"]"));
    assertThat(silent.next()).contains("\"target\":\"Answer\"");
    assertThat(silent.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":\"An "
        + "unexpected error occurred invoking 'AskCaller' on the server. TimeoutException: The client did not answer 'Answer' within 200 ms.\"}");
  }

  @Test
  void theHubContextAsksAClientAndLearnsWhenItIsGone() throws Exception {
    HubEndpointRuntime<FeatureHubs.StreamingHub> runtime =
        runtime(FeatureHubs.StreamingHub.class, HubOptions.DEFAULTS);
    TestClient client = TestClient.handshaken(runtime, timer);
    var answer = runtime.clients().client(client.connection.id())
        .invoke("Pick", List.class, 1, 2).toCompletableFuture();
    String id = client.next().replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
    client.send("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":[2,1]}");
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(List.of(2, 1));

    var unanswered = runtime.clients().client(client.connection.id())
        .invoke("Pick", String.class).toCompletableFuture();
    client.send("{\"type\":7}");
    assertThat(unanswered).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
        .withMessageContaining("Connection '" + client.connection.id() + "' disconnected.");
    assertThat(runtime.clients().client("nobody").invoke("Pick", String.class))
        .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
        .withMessageContaining("Connection 'nobody' does not exist.");
  }

  @Test
  void parallelInvocationsLetASlowCallBeOvertaken() throws Exception {
    TestClient client = TestClient.handshaken(runtime(TestHubs.EchoHub.class,
        HubOptions.builder().maximumParallelInvocationsPerClient(2).build()), timer);
    client.send(invoke("1", "Later", "[]"));
    var pending = TestHubs.PENDING.poll(5, TimeUnit.SECONDS);
    client.send(invoke("2", "Echo", "[\"fast\"]"));
    assertThat(client.next()).contains("\"invocationId\":\"2\"");
    // Both slots taken now: the third call waits for one of them.
    client.send(invoke("3", "Later", "[]"));
    var third = TestHubs.PENDING.poll(5, TimeUnit.SECONDS);
    client.send(invoke("4", "Echo", "[\"queued\"]"));
    assertThat(client.pollReceived(200)).isNull();
    pending.complete("slow");
    assertThat(client.next()).contains("\"invocationId\":\"1\"");
    assertThat(client.next()).contains("\"invocationId\":\"4\"");
    third.complete("done");
    assertThat(client.next()).contains("\"invocationId\":\"3\"");
  }

  @Test
  void readingGoesOnWhileACallRunsOnlyTheNextCallWaits() throws Exception {
    TestHubs.PENDING.clear();
    TestClient client = TestClient.handshaken(
        runtime(FeatureHubs.StreamingHub.class, HubOptions.DEFAULTS), timer);
    client.send(invoke("1", "Later", "[]"));
    var pending = TestHubs.PENDING.poll(5, TimeUnit.SECONDS);
    // A stream is no invocation: it is read and served while the call holds the only slot.
    client.send("{\"type\":4,\"invocationId\":\"2\",\"target\":\"Counter\",\"arguments\":[2]}");
    assertThat(client.next()).contains("\"invocationId\":\"2\",\"item\":0");
    assertThat(client.next()).contains("\"item\":1");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\"}");
    client.send(invoke("3", "Echo", "[\"next\"]"));
    assertThat(client.pollReceived(200)).isNull();
    pending.complete("first");
    assertThat(client.next()).contains("\"invocationId\":\"1\"");
    assertThat(client.next()).contains("\"invocationId\":\"3\"");
  }

  @Test
  void clientResultsAreRefusedInOnConnected() throws Exception {
    FeatureHubs.EVENTS.clear();
    TestClient client = TestClient.handshaken(runtime(FeatureHubs.LifecycleResultsHub.class,
        HubOptions.builder().maximumParallelInvocationsPerClient(4).build()), timer);
    assertThat(FeatureHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("IllegalStateException: "
        + "Client results inside onConnected and onDisconnected are not allowed.");
    assertThat(client.pollReceived(200)).as("the client is never asked").isNull();
  }

  /** Records what it sees, and refuses calls whose first argument is "forbidden". */
  static final class RecordingFilter implements HubFilter {
    final String name;
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    RecordingFilter(String name) {
      this.name = name;
    }

    @Override
    public Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
        throws Exception {
      TestHubs.EVENTS.add(name + " before " + invocation.methodName() + invocation.arguments());
      if (invocation.arguments().contains("forbidden")) {
        throw new HubException("rejected by " + name);
      }
      try {
        return next.invoke(invocation);
      } catch (Exception e) {
        TestHubs.EVENTS.add(name + " saw " + e.getClass().getSimpleName());
        throw e;
      }
    }

    @Override
    public void onConnected(HubLifetimeContext context, LifetimeNext next) throws Exception {
      TestHubs.EVENTS.add(name + " connecting");
      next.proceed(context);
    }

    @Override
    public void onDisconnected(HubLifetimeContext context, Throwable error, DisconnectNext next)
        throws Exception {
      TestHubs.EVENTS.add(name + " disconnecting");
      next.proceed(context, error);
    }
  }

  @Test
  void filtersWrapCallsInOrderAndMayRefuseThem() throws Exception {
    HubOptions options = HubOptions.builder()
        .addFilter(new RecordingFilter("outer")).addFilter(new RecordingFilter("inner")).build();
    TestClient client = TestClient.handshaken(runtime(TestHubs.EchoHub.class, options), timer);
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("outer connecting");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("inner connecting");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).startsWith("connected");
    client.send(invoke("1", "Record", "[\"forbidden\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":\"An "
        + "unexpected error occurred invoking 'Record' on the server. HubException: rejected by "
        + "outer\"}");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("outer before record[forbidden]");
    client.send(invoke("2", "Crash", "[]"));
    assertThat(client.next()).contains("\"invocationId\":\"2\"");
    assertThat(List.of(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS),
            TestHubs.EVENTS.poll(5, TimeUnit.SECONDS), TestHubs.EVENTS.poll(5, TimeUnit.SECONDS),
            TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)))
        .containsExactly("outer before crash[]", "inner before crash[]",
            "inner saw IllegalStateException", "outer saw IllegalStateException");
    client.send("{\"type\":7}");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("outer disconnecting");
    assertThat(TestHubs.EVENTS.poll(5, TimeUnit.SECONDS)).isEqualTo("inner disconnecting");
  }

  @Test
  void authorizeRefusesAnonymousAndRoleLessUsers() throws Exception {
    HubEndpointRuntime<FeatureHubs.SecureHub> runtime =
        runtime(FeatureHubs.SecureHub.class, HubOptions.DEFAULTS);
    assertThat(runtime.requiresAuthentication()).isTrue();
    TestClient anonymous = TestClient.handshaken(runtime, timer);
    anonymous.send(invoke("1", "whoami", "[]"));
    assertThat(anonymous.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":"
        + "\"Failed to invoke 'whoami' because user is unauthorized\"}");

    TestClient alice = TestClient.handshaken(runtime, timer, HubUser.of("alice"));
    alice.send(invoke("1", "WhoAmI", "[]"));
    assertThat(alice.next()).contains("\"result\":\"alice/alice\"");
    alice.send(invoke("2", "AdminOnly", "[]"));
    assertThat(alice.next()).contains("Failed to invoke 'AdminOnly' because user is unauthorized");

    TestClient carol = TestClient.handshaken(runtime, timer, HubUser.of("carol", "admin"));
    carol.send(invoke("1", "AdminOnly", "[]"));
    assertThat(carol.next()).contains("\"result\":\"granted\"");
  }

  // A hub factory that hands out one instance twice makes the call fail, naming the fix.

  @Test
  void aSingletonServesOneCallAndEveryLaterCallFailsNamingTheHubAndTheFix() throws Exception {
    TestHubs.EchoHub singleton = new TestHubs.EchoHub();
    HubEndpointRuntime<TestHubs.EchoHub> runtime = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, () -> singleton,
        HubOptions.builder().enableDetailedErrors(true).build(), new JsonHubProtocol(), executor);
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // onConnected took the instance; each call after it gets it again and is refused.
      TestClient client = TestClient.handshaken(runtime, timer);
      for (int i = 1; i <= 3; i++) {
        client.send("{\"type\":1,\"invocationId\":\"" + i
            + "\",\"target\":\"echo\",\"arguments\":[\"hi\"]}");
        assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"" + i
            + "\",\"error\":\"An unexpected error occurred invoking 'echo' on the server. "
            + "IllegalStateException: " + HubActivator.sharedInstance(TestHubs.EchoHub.class)
            + "\"}");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(HubActivator.sharedInstance(TestHubs.EchoHub.class)).isEqualTo(
        "The factory for EchoHub returned an instance already in use (or used before); hubs are "
            + "created per call: return a new instance each time (in Spring: prototype scope)");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce(HubActivator.sharedInstance(TestHubs.EchoHub.class));
  }

  @Test
  void aFactoryOfNewInstancesServesEveryCall() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, TestHubs.EchoHub::new, HubOptions.DEFAULTS,
        new JsonHubProtocol(), executor);
    TestClient client = TestClient.handshaken(runtime, timer);
    for (int i = 1; i <= 3; i++) {
      client.send("{\"type\":1,\"invocationId\":\"" + i
          + "\",\"target\":\"echo\",\"arguments\":[\"hi\"]}");
      assertThat(client.next())
          .isEqualTo("{\"type\":3,\"invocationId\":\"" + i + "\",\"result\":\"hi\"}");
    }
  }
}
