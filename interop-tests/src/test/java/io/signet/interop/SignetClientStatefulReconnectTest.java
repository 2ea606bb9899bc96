package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.client.HubConnection;
import io.signet.client.HubConnectionBuilder;
import io.signet.client.TransportType;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stateful reconnect with Signet's own Java client ({@code withStatefulReconnect()}), through a
 * {@link TcpProxy} that resets the WebSocket three times while numbered messages flow both ways:
 * the client resumes on the same connection each time, the hub never sees a disconnect, and every
 * message arrives exactly once and in order in both directions. Once per WebSocket transport of
 * the server, as {@link StatefulReconnectInteropTest} does for the JavaScript client.
 */
class SignetClientStatefulReconnectTest {
  private static final int MESSAGES = 300;
  private static final long TIMEOUT_SECONDS = 60;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Jetty WebSocket transport", "Jakarta WebSocket transport"})
  void resumesThroughCutsWithNothingLostOrRepeated(String transport) throws Exception {
    Signet.Builder builder = Signet.builder().hub(StatefulHub.class)
        .options(o -> o.allowStatefulReconnects(true).disconnectTimeout(Duration.ofSeconds(10)));
    if (transport.startsWith("Jakarta")) {
      builder.transports(
          new WebSocketTransport(), new ServerSentEventsTransport(), new LongPollingTransport());
    }
    Signet signet = builder.build();
    StatefulHub.hubContext = signet.hubContext(StatefulHub.class);
    try (TcpProxy proxy = new TcpProxy()) {
      SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
          .start();
      HubConnection connection = HubConnectionBuilder
          .create("http://127.0.0.1:" + proxy.port() + "/stateful")
          .withTransports(TransportType.WEBSOCKETS)
          .withStatefulReconnect()
          .build();
      try {
        proxy.start(server.port());
        exchangeThroughCuts(connection, proxy);
      } finally {
        connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.close();
      }
    }
  }

  private static void exchangeThroughCuts(HubConnection connection, TcpProxy proxy)
      throws Exception {
    List<Integer> ticks = new CopyOnWriteArrayList<>();
    // The cuts come once a quarter, a half and three quarters of the ticks arrived: each one
    // while the previous re-attach is done and messages flow both ways.
    List<CompletableFuture<Void>> quarters = List.of(new CompletableFuture<>(),
        new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    CompletableFuture<Throwable> reconnecting = new CompletableFuture<>();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    connection.onReconnecting(reconnecting::complete);
    connection.onClosed(closed::complete);
    connection.on("Tick", tick -> {
      ticks.add(tick);
      if (ticks.size() % (MESSAGES / 4) == 0) {
        quarters.get(ticks.size() / (MESSAGES / 4) - 1).complete(null);
      }
    }, Integer.class);
    connection.start().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String connectionId = connection.connectionId();

    connection.invoke("StartTicks", MESSAGES).toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    int cuts = 0;
    for (int quarter = 0; quarter < 4; quarter++) {
      for (int i = 1; i <= MESSAGES / 4; i++) {
        // Sent at once, or kept while re-attaching; either way kept until acknowledged.
        connection.send("Record", quarter * (MESSAGES / 4) + i);
      }
      if (quarter < 3) {
        awaitQuarter(quarters.get(quarter), quarter, connection, ticks, cuts, closed);
        cuts += proxy.cutAll() > 0 ? 1 : 0;
      }
    }

    awaitQuarter(quarters.get(3), 3, connection, ticks, cuts, closed);
    Type numbers = new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {}
        .getType();
    List<Integer> recorded = connection.<List<Integer>>invoke(numbers, "Received")
        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<Integer> expected = IntStream.rangeClosed(1, MESSAGES).boxed().toList();

    assertThat(cuts).as("cuts made while messages flowed").isEqualTo(3);
    assertThat(new ArrayList<>(ticks)).as("server to client").isEqualTo(expected);
    assertThat(recorded).as("client to server").isEqualTo(expected);
    assertThat(connection.connectionId()).as("the same connection").isEqualTo(connectionId);
    assertThat(StatefulHub.events(connectionId)).as("the hub saw no disconnect")
        .containsExactly("connected");
    assertThat(reconnecting).as("no automatic reconnect was needed").isNotDone();
    assertThat(closed).isNotDone();
  }

  /**
   * Waits for a quarter of the ticks; on a timeout, fails saying where the exchange stood, so that
   * a stall (this test once timed out in a full build, right after the soak test) tells which
   * side stopped.
   */
  private static void awaitQuarter(CompletableFuture<Void> quarter, int index,
      HubConnection connection, List<Integer> ticks, int cuts,
      CompletableFuture<Throwable> closed) throws Exception {
    try {
      quarter.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      String connectionId = connection.connectionId();
      throw new AssertionError("Quarter " + (index + 1) + " of the ticks never arrived: "
          + ticks.size() + " ticks received (last " + (ticks.isEmpty() ? "none"
          : ticks.get(ticks.size() - 1)) + ") after " + cuts + " cuts; client "
          + connection.state() + ", closed " + (closed.isDone() ? "with " + closed.getNow(null)
          : "no") + "; the hub recorded " + StatefulHub.RECEIVED.getOrDefault(connectionId,
          List.of()).size() + " numbers and saw " + StatefulHub.events(connectionId), e);
    }
  }
}
