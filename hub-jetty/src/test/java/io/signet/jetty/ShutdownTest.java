package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import org.junit.jupiter.api.Test;

/** Shutting down tells connected clients they may reconnect, before the container stops. */
class ShutdownTest {

  @Test
  void closingTheServerSendsACloseThatAllowsReconnecting() throws Exception {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
    RawWebSocketClient client = RawWebSocketClient.handshaken(
        "ws://127.0.0.1:" + server.port() + "/echo?id=" + Negotiation.token(server.port()));
    server.close();
    assertThat(client.next()).isEqualTo("{\"type\":7,\"allowReconnect\":true}");
    assertThat(client.awaitClose()).isEqualTo(1000);
    assertThat(signet.connectionCount()).isZero();
  }
}
