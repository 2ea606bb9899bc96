package io.signet.client;

import static io.signet.client.Waiting.ECHO_HI;
import static io.signet.client.Waiting.HANDSHAKE;
import static io.signet.client.Waiting.await;
import static io.signet.client.Waiting.failure;
import static io.signet.client.Waiting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.client.FakeServer.Answer;
import io.signet.client.TestHubServer.SeenRequest;
import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Choosing a transport against a real Signet server: the server's order, fallback after a
 * refused WebSocket, transfer formats, the errors when nothing connects, skipping negotiate, the
 * headers on the upgrade, redirects, and stateful reconnect's re-attach.
 */
class TransportConnectorTest {
  private static final String MESSAGEPACK_HANDSHAKE =
      "{\"protocol\":\"messagepack\",\"version\":1}\u001e";

  private TestHubServer server;
  private FakeServer fake;
  private final ReceiveRecorder received = new ReceiveRecorder();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private static HttpAccess http() {
    return new HttpAccess(HttpAccess.newDefaultClient(), Map.of(), null);
  }

  private static TransportConnector connector(Set<TransportType> allowed) {
    return new TransportConnector(http(), allowed, false);
  }

  private ConnectedTransport connect(TransportConnector connector, TransferFormat format)
      throws Exception {
    return await(connector.connect(server.hubUrl(), format, false, received));
  }

  private long negotiations() {
    return server.requests().stream().filter(SeenRequest::isNegotiate).count();
  }

  @Test
  void theServersFirstTransportIsTaken() throws Exception {
    server = TestHubServer.start();

    ConnectedTransport connected =
        connect(connector(EnumSet.allOf(TransportType.class)), TransferFormat.Text);

    assertThat(connected.type()).isEqualTo(TransportType.WEBSOCKETS);
    assertThat(negotiations()).isEqualTo(1);
    await(connected.transport().stop());
  }

  @Test
  void withoutWebSocketsOnTheServerServerSentEventsComeFirst() throws Exception {
    server = TestHubServer.start(options -> options.transports(
        io.signet.connection.TransportType.ServerSentEvents,
        io.signet.connection.TransportType.LongPolling));

    ConnectedTransport connected =
        connect(connector(EnumSet.allOf(TransportType.class)), TransferFormat.Text);

    assertThat(connected.type()).isEqualTo(TransportType.SERVER_SENT_EVENTS);
    assertThat(negotiations()).isEqualTo(1);
    assertThat(server.requests()).noneMatch(SeenRequest::isUpgrade);
    await(connected.transport().stop());
  }

  @Test
  void aRefusedWebSocketFallsBackAfterNegotiatingAgain() throws Exception {
    server = TestHubServer.start();
    server.refuseWebSockets();

    ConnectedTransport connected =
        connect(connector(EnumSet.allOf(TransportType.class)), TransferFormat.Text);
    await(connected.transport().send(utf8(HANDSHAKE)));
    assertThat(received.awaitRecord(record -> true)).isEqualTo("{}");

    assertThat(connected.type()).isEqualTo(TransportType.SERVER_SENT_EVENTS);
    assertThat(negotiations()).isEqualTo(2);
    List<SeenRequest> requests = server.requests();
    String refusedId = requests.stream().filter(SeenRequest::isUpgrade).findFirst().orElseThrow()
        .pathAndQuery();
    assertThat(refusedId).startsWith("/echo?id=");
    assertThat(connected.connectUrl().getRawQuery()).isNotEqualTo(refusedId.substring(6));
    await(connected.transport().stop());
  }

  @Test
  void whenNothingConnectsEveryReasonIsGiven() throws Exception {
    server = TestHubServer.start();
    server.refuseWebSockets();

    Throwable error = failure(connector(EnumSet.of(TransportType.WEBSOCKETS))
        .connect(server.hubUrl(), TransferFormat.Text, false, received));

    assertThat(error).isInstanceOf(HubConnectionException.class).hasMessage(
        "Unable to connect to the server with any of the available transports. "
            + "WebSockets failed: " + WebSocketTransport.FAILED_TO_CONNECT + " "
            + "ServerSentEvents failed: 'ServerSentEvents' is disabled by the client. "
            + "LongPolling failed: 'LongPolling' is disabled by the client.");
    assertThat(error.getSuppressed()).singleElement()
        .isInstanceOf(HubConnectionException.class)
        .satisfies(refused -> assertThat(((HubConnectionException) refused).statusCode())
            .isEqualTo(403));
    received.assertUntouched();
  }

  @Test
  void binarySkipsServerSentEvents() throws Exception {
    server = TestHubServer.start();

    ConnectedTransport connected = connect(
        connector(EnumSet.of(TransportType.SERVER_SENT_EVENTS, TransportType.LONG_POLLING)),
        TransferFormat.Binary);
    await(connected.transport().send(utf8(MESSAGEPACK_HANDSHAKE)));

    assertThat(connected.type()).isEqualTo(TransportType.LONG_POLLING);
    assertThat(received.awaitRecord(record -> true)).isEqualTo("{}");
    await(connected.transport().stop());
  }

  @Test
  void binaryGoesOverWebSocketsInBinaryMessages() throws Exception {
    server = TestHubServer.start();

    ConnectedTransport connected =
        connect(connector(EnumSet.of(TransportType.WEBSOCKETS)), TransferFormat.Binary);
    await(connected.transport().send(utf8(MESSAGEPACK_HANDSHAKE)));

    assertThat(received.awaitRecord(record -> true)).isEqualTo("{}");
    await(connected.transport().stop());
  }

  @Test
  void noTransportForTheFormat() throws Exception {
    server = TestHubServer.start();

    Throwable error = failure(connector(EnumSet.of(TransportType.SERVER_SENT_EVENTS))
        .connect(server.hubUrl(), TransferFormat.Binary, false, received));

    assertThat(error).isInstanceOf(HubConnectionException.class).hasMessage(
        "Unable to connect to the server with any of the available transports. "
            + "WebSockets failed: 'WebSockets' is disabled by the client. "
            + "ServerSentEvents failed: 'ServerSentEvents' does not support Binary. "
            + "LongPolling failed: 'LongPolling' is disabled by the client.");
  }

  @Test
  void aServerOfferingNothingKnown() throws Exception {
    fake = FakeServer.start(request -> Answer.json("{\"negotiateVersion\":1,"
        + "\"connectionId\":\"a\",\"connectionToken\":\"b\",\"availableTransports\":["
        + "{\"transport\":\"Carrier pigeon\",\"transferFormats\":[\"Text\"]}]}"));

    Throwable error = failure(connector(EnumSet.allOf(TransportType.class))
        .connect(fake.url("/hub"), TransferFormat.Text, false, received));

    assertThat(error).isInstanceOf(HubConnectionException.class)
        .hasMessage("None of the transports supported by the client are supported by the server.");
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void anUnknownConnectionIdFailsTheConnectWith404(TransportType type) throws Exception {
    server = TestHubServer.start();
    URI unknown = URI.create(server.hubUrl() + "?id=nobody");

    Throwable error = failure(connector(EnumSet.of(type)).newTransport(type)
        .connect(unknown, TransferFormat.Text, received));

    assertThat(error).isInstanceOf(HubConnectionException.class);
    assertThat(((HubConnectionException) error).statusCode()).isEqualTo(404);
    received.assertUntouched();
  }

  @Test
  void negotiateIsSkippedOnlyForWebSocketsAlone() throws Exception {
    server = TestHubServer.start();
    TransportConnector connector = new TransportConnector(http(),
        EnumSet.of(TransportType.WEBSOCKETS, TransportType.LONG_POLLING), true);

    assertThat(failure(connector.connect(server.hubUrl(), TransferFormat.Text, false, received)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Negotiation can only be skipped when using the WebSocket transport directly.");
  }

  @Test
  void skippingNegotiateConnectsTheWebSocketToTheHubUrl() throws Exception {
    server = TestHubServer.start();
    TransportConnector connector =
        new TransportConnector(http(), EnumSet.of(TransportType.WEBSOCKETS), true);

    ConnectedTransport connected = connect(connector, TransferFormat.Text);
    await(connected.transport().send(utf8(HANDSHAKE + ECHO_HI)));

    assertThat(received.awaitType(3)).contains("\"result\":\"hi\"");
    assertThat(connected.connectionId()).isNull();
    assertThat(connected.connectUrl()).isEqualTo(server.hubUrl());
    assertThat(negotiations()).isZero();
    await(connected.transport().stop());
  }

  @Test
  void theUpgradeAndTheEventStreamCarryTheHeaders() throws Exception {
    server = TestHubServer.start();
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of("X-Test", "yes"),
        () -> CompletableFuture.completedFuture("secret"));
    for (TransportType type : List.of(TransportType.WEBSOCKETS, TransportType.SERVER_SENT_EVENTS)) {
      ConnectedTransport connected = await(new TransportConnector(http, EnumSet.of(type), false)
          .connect(server.hubUrl(), TransferFormat.Text, false, new ReceiveRecorder()));
      await(connected.transport().send(utf8(HANDSHAKE)));
      await(connected.transport().stop());
    }

    SeenRequest upgrade =
        server.requests().stream().filter(SeenRequest::isUpgrade).findFirst().orElseThrow();
    assertThat(upgrade.header("Authorization")).isEqualTo("Bearer secret");
    assertThat(upgrade.header("X-Test")).isEqualTo("yes");
    assertThat(upgrade.header("User-Agent")).isEqualTo(HttpAccess.USER_AGENT);
    assertThat(upgrade.header("Origin")).as("Tyrus's Origin is removed").isNull();
    SeenRequest stream = server.requests().stream()
        .filter(request -> "text/event-stream".equals(request.header("Accept")))
        .findFirst().orElseThrow();
    assertThat(stream.header("Authorization")).isEqualTo("Bearer secret");
    assertThat(stream.header("X-Test")).isEqualTo("yes");
    SeenRequest post = server.requests().stream()
        .filter(request -> request.method().equals("POST") && !request.isNegotiate())
        .findFirst().orElseThrow();
    assertThat(post.header("Content-Type")).isEqualToIgnoringCase("text/plain;charset=UTF-8");
    assertThat(post.header("Authorization")).isEqualTo("Bearer secret");
  }

  @Test
  void aNegotiateRedirectLeadsToTheHubWithItsToken() throws Exception {
    server = TestHubServer.start();
    fake = FakeServer.start(request -> Answer.json(
        "{\"url\":\"" + server.hubUrl() + "\",\"accessToken\":\"redirected\"}"));
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(),
        () -> CompletableFuture.completedFuture("original"));

    ConnectedTransport connected =
        await(new TransportConnector(http, EnumSet.of(TransportType.WEBSOCKETS), false)
            .connect(fake.url("/elsewhere"), TransferFormat.Text, false, received));

    assertThat(fake.requests().get(0).header("Authorization")).isEqualTo("Bearer original");
    assertThat(connected.connectUrl().toString()).startsWith(server.hubUrl() + "?id=");
    assertThat(server.requests()).extracting(request -> request.header("Authorization"))
        .containsOnly("Bearer redirected");
    await(connected.transport().stop());
  }

  @Test
  void statefulReconnectReattachesANewWebSocketToTheSameConnection() throws Exception {
    server = TestHubServer.start(options -> options.allowStatefulReconnects(true));
    TransportConnector connector = connector(EnumSet.allOf(TransportType.class));
    ConnectedTransport connected = await(
        connector.connect(server.hubUrl(), TransferFormat.Text, true, received));
    assertThat(connected.statefulReconnect()).isTrue();
    assertThat(server.requests().get(0).pathAndQuery()).contains("useStatefulReconnect=true");
    await(connected.transport().send(utf8("{\"protocol\":\"json\",\"version\":2}\u001e")));
    assertThat(received.awaitRecord(record -> true)).isEqualTo("{}");

    ReceiveRecorder again = new ReceiveRecorder();
    ClientTransport reattached =
        await(connector.reattach(connected.connectUrl(), TransferFormat.Text, again));
    // The server resumes the connection on the new socket and first says where it stands.
    assertThat(again.awaitType(9)).contains("\"sequenceId\":1");
    await(reattached.send(utf8("{\"type\":9,\"sequenceId\":1}\u001e" + ECHO_HI)));

    assertThat(again.awaitType(3)).contains("\"result\":\"hi\"");
    assertThat(received.awaitClose()).as("the replaced socket").isNotNull();
    assertThat(negotiations()).isEqualTo(1);
    await(reattached.stop());
  }
}
