package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.TransportType;
import io.signet.server.Signet;
import io.signet.server.SignetHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    assertThat(signet.registeredConnectionCount()).isZero();
  }

  @Test
  void onceClosingBeganNobodyNewIsAdmitted() throws Exception {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
    try {
      String negotiatedBefore = Negotiation.token(server.port());
      signet.close(); // Jetty still serves: a container stops after its applications
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port() + "/echo";
      HttpResponse<String> negotiate = http.send(HttpRequest.newBuilder(
          URI.create(base + "/negotiate?negotiateVersion=1"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(negotiate.statusCode()).isEqualTo(503);
      assertThat(negotiate.headers().firstValue("Retry-After")).hasValue("1");
      HttpResponse<String> poll = http.send(HttpRequest.newBuilder(
          URI.create(base + "?id=" + negotiatedBefore)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(poll.statusCode()).isIn(404, 503); // discarded, never started
      assertThat(signet.registeredConnectionCount()).isZero();
    } finally {
      server.close();
    }
  }

  @Test
  void healthCountsConnectedClientsOnlyAndTurnsDownOnClose() throws Exception {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
    try {
      Negotiation.token(server.port()); // negotiated, never connected: not active
      RawWebSocketClient.handshaken(
          "ws://127.0.0.1:" + server.port() + "/echo?id=" + Negotiation.token(server.port()));
      SignetHealth health = signet.health();
      assertThat(health.isUp()).isTrue();
      assertThat(health.status()).isEqualTo(SignetHealth.Status.UP);
      assertThat(health.activeConnections().get("/echo"))
          .containsEntry(TransportType.WebSockets, 1)
          .containsEntry(TransportType.ServerSentEvents, 0)
          .containsEntry(TransportType.LongPolling, 0);
      assertThat(health.totalConnections()).isEqualTo(signet.connectionCount()).isEqualTo(1);
      assertThat(signet.registeredConnectionCount()).isEqualTo(2);
      signet.close();
      assertThat(signet.health().isUp()).isFalse();
      assertThat(signet.health().status()).isEqualTo(SignetHealth.Status.DOWN);
      assertThat(signet.health().accepting()).isFalse();
    } finally {
      server.close();
    }
  }
}
