package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.Hub;
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

/**
 * The per-message and per-connection limits of {@link HubOptions}: nesting depth and argument
 * count (invalid messages, which close the connection), pending client results and open streams
 * (refused one by one, the connection stays).
 */
class HubLimitsTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(4);
    timer = Executors.newSingleThreadScheduledExecutor();
    FeatureHubs.PRODUCERS.clear();
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

  private TestClient streaming(HubOptions options) throws InterruptedException {
    return TestClient.handshaken(runtime(FeatureHubs.StreamingHub.class, options), timer);
  }

  private static String echoWith(String argument) {
    return "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[" + argument
        + "]}";
  }

  private static String closedWith(String detail) {
    return "{\"type\":7,\"error\":\"Connection closed with an error. InvalidDataException: "
        + detail + "\",\"allowReconnect\":true}";
  }

  @Test
  void aMessageNestedTooDeeplyClosesTheConnection() throws Exception {
    HubOptions options = HubOptions.builder().enableDetailedErrors(true).build();
    TestClient client = TestClient.handshaken(runtime(TestHubs.EchoHub.class, options), timer);
    // The message's object is level 1 and the arguments array level 2: 62 more make 64.
    client.send(echoWith("[".repeat(62) + "]".repeat(62)));
    assertThat(client.next()).contains("\"invocationId\":\"1\"").contains("Error binding");
    client.send(echoWith("[".repeat(63) + "]".repeat(63)));
    assertThat(client.next()).isEqualTo(
        closedWith("The message nests arrays and objects more than 64 levels deep."));
    assertThat(client.awaitTransportClosed()).isNull();
  }

  @Test
  void theDepthIsConfigurable() throws Exception {
    HubOptions options = HubOptions.builder().maximumNestingDepth(3).build();
    TestClient client = TestClient.handshaken(runtime(TestHubs.EchoHub.class, options), timer);
    client.send(echoWith("\"flat\""));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"flat\"}");
    client.send(echoWith("[[]]"));
    assertThat(client.next()).isEqualTo(
        "{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}");
  }

  @Test
  void tooManyArgumentsCloseTheConnection() throws Exception {
    HubOptions options = HubOptions.builder().enableDetailedErrors(true).build();
    TestClient client = TestClient.handshaken(runtime(TestHubs.EchoHub.class, options), timer);
    client.send(echoWith("1,".repeat(63) + "1"));
    assertThat(client.next()).contains("Invocation provides 64 argument(s) but target expects 1.");
    client.send(echoWith("1,".repeat(64) + "1"));
    assertThat(client.next()).isEqualTo(closedWith("The message carries more than 64 arguments."));
    assertThat(client.awaitTransportClosed()).isNull();
  }

  @Test
  void aHubMethodTakingMoreArgumentsThanAllowedFailsAtStartup() {
    HubOptions options = HubOptions.builder().maximumArgumentCount(1).build();
    assertThatThrownBy(() -> runtime(TestHubs.EchoHub.class, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TestHubs.EchoHub.class.getName() + ".")
        .hasMessageContaining("takes 2 arguments, more than maximumArgumentCount (1)");
  }

  @Test
  void pendingClientResultsAreLimitedPerConnection() throws Exception {
    HubOptions options = HubOptions.builder().maximumPendingClientResults(2).build();
    HubEndpointRuntime<FeatureHubs.StreamingHub> runtime =
        runtime(FeatureHubs.StreamingHub.class, options);
    TestClient client = TestClient.handshaken(runtime, timer);
    String id = client.connection.id();
    CompletableFuture<String> first =
        runtime.clients().client(id).invoke("Pick", String.class).toCompletableFuture();
    runtime.clients().client(id).invoke("Pick", String.class);
    CompletableFuture<String> third =
        runtime.clients().client(id).invoke("Pick", String.class).toCompletableFuture();
    assertThat(third).as("refused at once").isCompletedExceptionally();
    assertThatThrownBy(third::join).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Connection '" + id + "' already awaits 2 client results, the most "
            + "maximumPendingClientResults allows.");
    String question = client.next();
    client.next();
    String answered = question.replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
    client.send("{\"type\":3,\"invocationId\":\"" + answered + "\",\"result\":\"a\"}");
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    runtime.clients().client(id).invoke("Pick", String.class);
    assertThat(client.next()).as("room again after an answer").contains("\"target\":\"Pick\"");
    assertThat(client.drainReceived()).as("the refused call never reached the client").isEmpty();
  }

  @Test
  void streamsBeyondTheLimitAreRefusedAndTheConnectionStays() throws Exception {
    TestClient client = streaming(HubOptions.builder().maximumOpenStreams(2).build());
    client.send(stream("1"));
    client.send(stream("2"));
    client.send(stream("3"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"3\",\"error\":\"Cannot "
        + "open more than 2 streams on one connection.\"}");
    client.send("{\"type\":1,\"invocationId\":\"4\",\"target\":\"Sum\",\"arguments\":[],"
        + "\"streamIds\":[\"s\"]}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"4\",\"error\":\"Cannot "
        + "open more than 2 streams on one connection.\"}");
    client.send("{\"type\":5,\"invocationId\":\"1\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\"}");
    client.send(stream("5"));
    client.send(stream("6"));
    assertThat(client.next()).as("one stream closed, one more fits")
        .isEqualTo("{\"type\":3,\"invocationId\":\"6\",\"error\":\"Cannot open more than 2 "
            + "streams on one connection.\"}");
    client.send(echoWith("\"still here\"").replace("\"1\"", "\"7\""));
    assertThat(client.next()).contains("\"result\":\"still here\"");
  }

  @Test
  void uploadsCountAsStreams() throws Exception {
    TestClient client = streaming(HubOptions.builder().maximumOpenStreams(1).build());
    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Sum\",\"arguments\":[],"
        + "\"streamIds\":[\"s\"]}");
    client.send(stream("2"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"error\":\"Cannot "
        + "open more than 1 streams on one connection.\"}");
    client.send("{\"type\":2,\"invocationId\":\"s\",\"item\":5}");
    client.send("{\"type\":3,\"invocationId\":\"s\"}");
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":5}");
    client.send(stream("3"));
    assertThat(FeatureHubs.PRODUCERS.poll(5, TimeUnit.SECONDS))
        .as("the upload ended, so the stream starts").isNotNull();
  }

  private static String stream(String id) {
    return "{\"type\":4,\"invocationId\":\"" + id + "\",\"target\":\"Endless\",\"arguments\":[]}";
  }
}
