package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.jetty.SignetServer;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import io.signet.server.Signet;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link HubConnection}'s life against Signet's server, over each transport: start and stop,
 * handlers that call back into the connection, the server closing it, the server going away and
 * coming back on the same port (automatic reconnect), and starts that fail.
 */
class HubConnectionLifecycleTest {
  private static final long TIMEOUT_SECONDS = 20;

  /** What the tests call. */
  @HubEndpoint("/lifecycle")
  public static class LifecycleHub extends Hub {
    public String echo(String text) {
      return text;
    }

    public CompletionStage<Void> callMeBack(String text) {
      return clients().caller().send("CallBack", text);
    }

    public CompletionStage<Void> shout(String text) {
      return clients().all().send("Heard", text);
    }

    public void abort() {
      context().abort();
    }

    public String big(int length) {
      return "x".repeat(length);
    }

    /** Never answers: a call of it is still in flight when the connection is lost. */
    public CompletionStage<String> never() {
      return new CompletableFuture<>();
    }
  }

  private SignetServer server;
  private HubConnection connection;

  private void startServer(int port) {
    server = SignetServer.builder().host("127.0.0.1").port(port)
        .signet(Signet.builder().hub(LifecycleHub.class).build()).start();
  }

  private HubConnectionBuilder builder(TransportType transport) {
    return HubConnectionBuilder.create("http://127.0.0.1:" + server.port() + "/lifecycle")
        .withTransports(transport);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (connection != null) {
      connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void startsCallsAndStops(TransportType transport) throws Exception {
    startServer(0);
    connection = builder(transport).build();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    connection.onClosed(closed::complete);
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);

    await(connection.start());

    assertThat(connection.state()).isEqualTo(HubConnectionState.CONNECTED);
    assertThat(connection.connectionId()).isNotBlank();
    assertThat(await(connection.invoke(String.class, "Echo", "hello"))).isEqualTo("hello");

    await(connection.stop());

    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
    assertThat(connection.connectionId()).isNull();
    assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThatThrownBy(() -> await(connection.invoke(String.class, "Echo", "late")))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot send data if the connection is not in the 'Connected' State.");

    await(connection.start()); // a stopped connection may start again
    assertThat(await(connection.invoke(String.class, "Echo", "again"))).isEqualTo("again");
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void aResultOfSixMegabytesArrives(TransportType transport) throws Exception {
    // The server's own outbound bound must let it through first.
    server = SignetServer.builder().host("127.0.0.1").port(0)
        .signet(Signet.builder().hub(LifecycleHub.class)
            .options(o -> o.maximumOutboundBufferSize(16L * 1024 * 1024)).build())
        .start();
    connection = builder(transport).build();
    await(connection.start());

    // Under the client's 10 MiB. (Signet's server sends it in 64 KB WebSocket frames; a server
    // sending it as one frame meets Tyrus's frame bound, which TyrusClient raises to 64 MiB.)
    assertThat(await(connection.invoke(String.class, "Big", 6_000_000))).hasSize(6_000_000);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void aHandlerMayWaitForACallItMakes(TransportType transport) throws Exception {
    startServer(0);
    connection = builder(transport).build();
    CompletableFuture<String> answered = new CompletableFuture<>();
    connection.on("CallBack", text -> {
      try {
        // Blocks the handler queue until the server answers: the answer must not queue behind it.
        answered.complete(connection.invoke(String.class, "Echo", text + " again")
            .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      } catch (Exception e) {
        answered.completeExceptionally(e);
      }
    }, String.class);
    await(connection.start());

    await(connection.invoke("CallMeBack", "hello"));

    assertThat(answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello again");
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void aHandlerMayStopTheConnection(TransportType transport) throws Exception {
    startServer(0);
    connection = builder(transport).build();
    CompletableFuture<HubConnectionState> stateAfterStop = new CompletableFuture<>();
    connection.on("CallBack", text -> {
      try {
        connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        stateAfterStop.complete(connection.state());
      } catch (Exception e) {
        stateAfterStop.completeExceptionally(e);
      }
    }, String.class);
    await(connection.start());

    connection.send("CallMeBack", "stop");

    assertThat(stateAfterStop.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void serverAbortClosesWithoutReconnecting(TransportType transport) throws Exception {
    startServer(0);
    connection = builder(transport).withAutomaticReconnect().build();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    CompletableFuture<Throwable> reconnecting = new CompletableFuture<>();
    connection.onClosed(closed::complete);
    connection.onReconnecting(reconnecting::complete);
    await(connection.start());

    connection.send("Abort");

    // Context.Abort() sends Close without allowReconnect: the connection ends for good.
    assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(reconnecting).isNotDone();
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void reconnectsWhenTheServerComesBackOnTheSamePort(TransportType transport) throws Exception {
    startServer(0);
    int port = server.port();
    connection = builder(transport)
        .withAutomaticReconnect(context -> context.elapsed().compareTo(Duration.ofSeconds(30)) < 0
            ? Duration.ofMillis(100) : null)
        .build();
    CompletableFuture<Throwable> reconnecting = new CompletableFuture<>();
    CompletableFuture<String> reconnected = new CompletableFuture<>();
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    connection.onReconnecting(reconnecting::complete);
    connection.onReconnected(reconnected::complete);
    connection.on("Heard", heard::add, String.class);
    await(connection.start());
    String firstId = connection.connectionId();
    CompletionStage<String> pending = connection.invoke(String.class, "Never");

    server.close();

    reconnecting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThatThrownBy(() -> await(pending)).as("a call in flight fails")
        .isInstanceOf(ExecutionException.class);
    assertThat(connection.state()).isIn(HubConnectionState.RECONNECTING,
        HubConnectionState.CONNECTED);
    startServer(port);

    String newId = reconnected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(newId).isNotBlank().isNotEqualTo(firstId).isEqualTo(connection.connectionId());
    assertThat(connection.state()).isEqualTo(HubConnectionState.CONNECTED);
    await(connection.invoke("Shout", "after the restart"));
    assertThat(heard.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after the restart");
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void withoutAutomaticReconnectALostConnectionCloses(TransportType transport) throws Exception {
    startServer(0);
    connection = builder(transport).build();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    connection.onClosed(closed::complete);
    await(connection.start());

    server.close();
    server = null;

    closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @ParameterizedTest
  @EnumSource(value = TransportType.class, names = {"WEBSOCKETS", "SERVER_SENT_EVENTS"})
  void aQuietServerTimesOut(TransportType transport) throws Exception {
    startServer(0); // pings every 15 s, far beyond the client's timeout below
    connection = builder(transport).withServerTimeout(Duration.ofMillis(300)).build();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    connection.onClosed(closed::complete);
    await(connection.start());

    assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(HubConnectionException.class)
        .hasMessage("Server timeout elapsed without receiving a message from the server.");
  }

  @Test
  void stopWhileReconnectingEndsTheAttempts() throws Exception {
    startServer(0);
    connection = builder(TransportType.WEBSOCKETS)
        .withAutomaticReconnect(context -> Duration.ofMillis(50))
        .build();
    CompletableFuture<Throwable> reconnecting = new CompletableFuture<>();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    connection.onReconnecting(reconnecting::complete);
    connection.onClosed(closed::complete);
    await(connection.start());
    server.close();
    server = null;
    reconnecting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    await(connection.stop());

    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
    assertThat(closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void anUnknownHubFailsTheStartWithItsStatus() throws Exception {
    startServer(0);
    connection = HubConnectionBuilder.create("http://127.0.0.1:" + server.port() + "/nothing")
        .build();

    // Jetty's default servlet answers a POST to a path it does not serve with 405.
    assertThatThrownBy(() -> await(connection.start()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(HubConnectionException.class)
        .hasMessageStartingWith("Failed to complete negotiation with the server")
        .satisfies(error -> assertThat(((HubConnectionException) error).statusCode())
            .isEqualTo(405));
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @Test
  void aProtocolTheServerDoesNotSpeakFailsTheHandshake() throws Exception {
    startServer(0);
    connection = builder(TransportType.WEBSOCKETS).withHubProtocol(new UnknownProtocol()).build();

    assertThatThrownBy(() -> await(connection.start()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(HubConnectionException.class)
        .hasMessage("Server returned handshake error: The protocol 'bogus' is not supported.");
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @Test
  void startTwiceIsRefused() throws Exception {
    startServer(0);
    connection = builder(TransportType.WEBSOCKETS).build();
    await(connection.start());

    assertThatThrownBy(() -> connection.start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot start a HubConnection that is not in the 'Disconnected' state.");
  }

  /** JSON under a name no server knows. */
  private static final class UnknownProtocol implements HubProtocol {
    private final JsonHubProtocol json = new JsonHubProtocol();

    @Override
    public String name() {
      return "bogus";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public TransferFormat transferFormat() {
      return TransferFormat.Text;
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
