package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.HubOptions;
import io.signet.hub.HubUser;
import io.signet.hub.scaleout.LocalConnection;
import io.signet.hub.scaleout.LocalConnectionListener;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.hub.scaleout.SerializedHubMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local lifetime manager as a scale-out sees it: presence of this process, the listener, and
 * delivery of payloads serialised elsewhere.
 */
class LocalLifetimeManagerTest {
  private ExecutorService executor;
  private ScheduledExecutorService timer;
  private HubEndpointRuntime<TestHubs.EchoHub> runtime;
  private LocalHubLifetimeManager local;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    runtime = new HubEndpointRuntime<>(TestHubs.EchoHub.class, null, HubOptions.DEFAULTS,
        new JsonHubProtocol(), executor, manager -> {
          manager.setListener(new LocalConnectionListener() {
            @Override
            public CompletionStage<Void> onConnected(LocalConnection connection) {
              events.add("connected " + connection.userId());
              return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onDisconnected(LocalConnection connection) {
              events.add("disconnected " + connection.userId() + " " + connection.groups());
            }
          });
          return manager;
        });
    local = runtime.localManager();
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void knowsItsConnectionsGroupsAndUsers() throws Exception {
    TestClient alice = TestClient.handshaken(runtime, timer, HubUser.of("alice"));
    TestClient anonymous = TestClient.handshaken(runtime, timer);
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("connected alice");
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("connected null");
    String aliceId = alice.connection.id();
    String anonymousId = anonymous.connection.id();
    local.addToGroup(aliceId, "g");
    local.addToGroup(anonymousId, "g");

    assertThat(runtime.presence().groupConnections("g").toCompletableFuture().get())
        .containsExactlyInAnyOrder(aliceId, anonymousId);
    assertThat(runtime.presence().groupUsers("g").toCompletableFuture().get())
        .containsExactly("alice");
    assertThat(runtime.presence().isUserOnline("alice").toCompletableFuture().get()).isTrue();
    assertThat(runtime.presence().isUserOnline("bob").toCompletableFuture().get()).isFalse();
    assertThat(local.hasGroup("g")).isTrue();
    assertThat(local.hasUser("alice")).isTrue();
    assertThat(local.connections()).extracting(LocalConnection::connectionId)
        .containsExactlyInAnyOrder(aliceId, anonymousId);

    alice.send("{\"type\":7}");
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnected alice [g]");
    assertThat(local.hasUser("alice")).isFalse();
    assertThat(local.hasConnection(aliceId)).isFalse();
    assertThat(runtime.presence().groupConnections("g").toCompletableFuture().get())
        .containsExactly(anonymousId);
  }

  @Test
  void deliversPayloadsSerialisedElsewhereAsTheyAre() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    JsonHubProtocol protocol = (JsonHubProtocol) runtime.protocols().get(0);
    byte[] bytes = "{\"type\":1,\"target\":\"Remote\",\"arguments\":[1]}\u001e"
        .getBytes(StandardCharsets.UTF_8);
    local.sendAll(SerializedHubMessage.ofPayload(protocol, bytes), Set.of());
    assertThat(client.next()).isEqualTo("{\"type\":1,\"target\":\"Remote\",\"arguments\":[1]}");
    local.sendConnections(List.of(client.connection.id()),
        SerializedHubMessage.of(InvocationMessage.nonBlocking("Local", List.of(2))));
    assertThat(client.next()).isEqualTo("{\"type\":1,\"target\":\"Local\",\"arguments\":[2]}");
  }

  @Test
  void aPayloadOfOneProtocolIsNotServedInAnother() {
    SerializedHubMessage received = SerializedHubMessage.ofPayload(new JsonHubProtocol(),
        new byte[] {'{', '}', 0x1e});
    assertThatThrownBy(() -> received.payload(new JsonHubProtocol()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'json'");
  }

  @Test
  void theHandshakeAnswerWaitsUntilTheScaleOutCanReachTheConnection() throws Exception {
    CompletableFuture<String> told = new CompletableFuture<>();
    CompletableFuture<Void> reachable = new CompletableFuture<>();
    HubEndpointRuntime<TestHubs.EchoHub> scaledOut = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, null, HubOptions.DEFAULTS, new JsonHubProtocol(), executor,
        manager -> {
          manager.setListener(new LocalConnectionListener() {
            @Override
            public CompletionStage<Void> onConnected(LocalConnection connection) {
              told.complete(connection.connectionId());
              return reachable;
            }

            @Override
            public void onDisconnected(LocalConnection connection) {}
          });
          return manager;
        });
    TestClient client = TestClient.connect(scaledOut, timer);
    client.send("{\"protocol\":\"json\",\"version\":1}");
    String id = told.get(5, TimeUnit.SECONDS);
    // Registered before the scale-out is told, so that a local send is not lost: it waits
    // behind the answer.
    assertThat(scaledOut.localManager().hasConnection(id)).isTrue();
    scaledOut.localManager().sendConnections(List.of(id),
        SerializedHubMessage.of(InvocationMessage.nonBlocking("Early", List.of())));
    assertThat(client.pollReceived(200)).as("the answer before the scale-out listens").isNull();

    reachable.complete(null);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(client.next()).isEqualTo("{\"type\":1,\"target\":\"Early\",\"arguments\":[]}");
  }

  @Test
  void bytesWithoutAConnectionsProtocolSkipOnlyThatConnection() throws Exception {
    JsonHubProtocol json = new JsonHubProtocol();
    HubEndpointRuntime<TestHubs.EchoHub> twoProtocols = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, null, HubOptions.DEFAULTS,
        List.of(json, new RenamedJson("other-json")), executor, manager -> manager);
    TestClient other = TestClient.connect(twoProtocols, timer);
    other.sendRaw("{\"protocol\":\"other-json\",\"version\":1}\u001e");
    assertThat(other.next()).isEqualTo("{}");
    TestClient inJson = TestClient.handshaken(twoProtocols, timer);
    String invocation = "{\"type\":1,\"target\":\"Remote\",\"arguments\":[1]}";

    // As another node sends what only JSON could write: to every connection, in any order.
    twoProtocols.localManager().sendAll(SerializedHubMessage.ofPayload(json,
        (invocation + "\u001e").getBytes(StandardCharsets.UTF_8)), Set.of());

    assertThat(inJson.next()).isEqualTo(invocation);
    twoProtocols.localManager().sendAll(
        SerializedHubMessage.of(InvocationMessage.nonBlocking("Next", List.of(2))), Set.of());
    assertThat(other.next()).as("the skipped connection gets the next message, and only that")
        .isEqualTo("{\"type\":1,\"target\":\"Next\",\"arguments\":[2]}");
    assertThat(inJson.next()).isEqualTo("{\"type\":1,\"target\":\"Next\",\"arguments\":[2]}");
  }

  @Test
  void presenceRefusesNullNames() {
    assertThat(runtime.presence().groupConnections(null).toCompletableFuture())
        .isCompletedExceptionally();
    assertThat(runtime.presence().userConnections(null).toCompletableFuture())
        .isCompletedExceptionally();
  }

  /** The JSON protocol under another name: a second protocol for a connection to speak. */
  private static final class RenamedJson implements HubProtocol {
    private final JsonHubProtocol json = new JsonHubProtocol();
    private final String name;

    RenamedJson(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int version() {
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
