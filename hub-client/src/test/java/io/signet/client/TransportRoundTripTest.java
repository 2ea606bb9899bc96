package io.signet.client;

import static io.signet.client.Waiting.ECHO_HI;
import static io.signet.client.Waiting.HANDSHAKE;
import static io.signet.client.Waiting.await;
import static io.signet.client.Waiting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.TransferFormat;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each transport against a real Signet server, at the byte level, through {@link
 * TransportConnector}: negotiate, connect, the JSON handshake, one invocation and its
 * completion, and the end, by the client's stop or the server's shutdown.
 */
class TransportRoundTripTest {
  private TestHubServer server;
  private TransportConnector connector;
  private final ReceiveRecorder received = new ReceiveRecorder();

  @BeforeEach
  void start() {
    server = TestHubServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ConnectedTransport connect(TransportType type) throws Exception {
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(), null);
    connector = new TransportConnector(http, EnumSet.of(type), false);
    ConnectedTransport connected =
        await(connector.connect(server.hubUrl(), TransferFormat.Text, false, received));
    await(connected.transport().send(utf8(HANDSHAKE)));
    assertThat(received.awaitRecord(record -> true)).isEqualTo("{}");
    return connected;
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void anInvocationGoesOutAndItsCompletionComesBack(TransportType type) throws Exception {
    ConnectedTransport connected = connect(type);
    assertThat(connected.type()).isEqualTo(type);
    assertThat(connected.connectionId()).isNotBlank();
    assertThat(connected.connectUrl().toString()).startsWith(server.hubUrl() + "?id=");
    assertThat(connected.statefulReconnect()).isFalse();
    assertThat(connected.transport().hasInherentKeepAlive())
        .isEqualTo(type == TransportType.LONG_POLLING);

    await(connected.transport().send(utf8(ECHO_HI)));

    assertThat(received.awaitType(3))
        .contains("\"invocationId\":\"1\"")
        .contains("\"result\":\"hi\"");
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void stopEndsTheTransportCleanlyOnce(TransportType type) throws Exception {
    ConnectedTransport connected = connect(type);

    await(connected.transport().stop());
    await(connected.transport().stop());

    assertThat(received.awaitClose()).isNull();
    assertThat(received.closeCount()).isEqualTo(1);
    assertThat(Waiting.failure(connected.transport().send(utf8(ECHO_HI))))
        .isInstanceOf(HubConnectionException.class);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void theServerShuttingDownSendsCloseAndEndsTheTransport(TransportType type) throws Exception {
    ConnectedTransport connected = connect(type);

    server.closeSignet();

    assertThat(received.awaitType(7)).contains("\"allowReconnect\":true");
    assertThat(received.awaitClose()).isNull();
    await(connected.transport().stop());
    assertThat(received.closeCount()).isEqualTo(1);
  }
}
