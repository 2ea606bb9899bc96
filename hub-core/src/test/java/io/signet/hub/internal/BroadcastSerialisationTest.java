package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubOptions;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message to many connections is serialised once per protocol its recipients speak, however
 * many recipients share that protocol: the bytes are shared, not written per connection.
 */
class BroadcastSerialisationTest {
  private static final String INVOCATION = "{\"type\":1,\"target\":\"News\",\"arguments\":[1]}";

  private final CountingProtocol json = new CountingProtocol("json");
  private final CountingProtocol other = new CountingProtocol("other-json");
  private ExecutorService executor;
  private ScheduledExecutorService timer;
  private HubEndpointRuntime<TestHubs.EchoHub> runtime;
  private final List<TestClient> inJson = new ArrayList<>();
  private final List<TestClient> inOther = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    executor = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    runtime = new HubEndpointRuntime<>(TestHubs.EchoHub.class, null, HubOptions.DEFAULTS,
        List.of(json, other), executor, manager -> manager);
    for (int i = 0; i < 5; i++) {
      inJson.add(TestClient.handshaken(runtime, timer));
    }
    for (int i = 0; i < 3; i++) {
      TestClient client = TestClient.connect(runtime, timer);
      client.sendRaw("{\"protocol\":\"other-json\",\"version\":1}" + TestClient.RS);
      assertThat(client.next()).isEqualTo("{}");
      inOther.add(client);
    }
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void aBroadcastIsSerialisedOncePerProtocol() throws Exception {
    runtime.clients().all().send("News", 1).toCompletableFuture().get();
    assertEveryClientGotTheNews();
    assertThat(json.writes("News")).as("JSON writes for 5 recipients").isEqualTo(1);
    assertThat(other.writes("News")).as("other-json writes for 3 recipients").isEqualTo(1);
  }

  @Test
  void aGroupSendIsSerialisedOncePerProtocol() throws Exception {
    for (TestClient client : inJson) {
      runtime.groups().add(client.connection.id(), "g").toCompletableFuture().get();
    }
    for (TestClient client : inOther) {
      runtime.groups().add(client.connection.id(), "g").toCompletableFuture().get();
    }
    runtime.clients().group("g").send("News", 1).toCompletableFuture().get();
    assertEveryClientGotTheNews();
    assertThat(json.writes("News")).isEqualTo(1);
    assertThat(other.writes("News")).isEqualTo(1);
  }

  @Test
  void aProtocolNoRecipientSpeaksIsNotWrittenAtAll() throws Exception {
    List<String> ids = inJson.stream().map(client -> client.connection.id()).toList();
    runtime.clients().clients(ids).send("News", 1).toCompletableFuture().get();
    for (TestClient client : inJson) {
      assertThat(client.next()).isEqualTo(INVOCATION);
    }
    assertThat(json.writes("News")).isEqualTo(1);
    assertThat(other.writes("News")).isZero();
  }

  private void assertEveryClientGotTheNews() throws InterruptedException {
    for (TestClient client : inJson) {
      assertThat(client.next()).isEqualTo(INVOCATION);
    }
    for (TestClient client : inOther) {
      assertThat(client.next()).isEqualTo(INVOCATION);
    }
  }

  /** The JSON protocol under a name of its own, counting the invocations it writes. */
  private static final class CountingProtocol implements HubProtocol {
    private final JsonHubProtocol json = new JsonHubProtocol();
    private final String name;
    private final List<String> targets = new ArrayList<>(); // guarded by itself

    CountingProtocol(String name) {
      this.name = name;
    }

    int writes(String target) {
      synchronized (targets) {
        return (int) targets.stream().filter(target::equals).count();
      }
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
      if (message instanceof InvocationMessage invocation) {
        synchronized (targets) {
          targets.add(invocation.target());
        }
      }
      return json.writeMessage(message);
    }
  }
}
