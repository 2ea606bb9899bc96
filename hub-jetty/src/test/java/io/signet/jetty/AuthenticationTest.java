package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubUser;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens from the header, and 401 for hubs that need a user. */
class AuthenticationTest {
  private static SignetServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Signet signet = Signet.builder()
        .hub(SecureHub.class)
        .hub(EchoHub.class)
        .authenticator((token, request) -> "good".equals(token) ? HubUser.of("alice") : null)
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> negotiate(String hub, String query, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + hub + "/negotiate?negotiateVersion=1" + query))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aHubThatNeedsAUserRefusesRequestsWithoutOne() throws Exception {
    assertThat(negotiate("/secure", "", null).statusCode()).isEqualTo(401);
    assertThat(negotiate("/secure", "", "Bearer bad").statusCode()).isEqualTo(401);
    assertThat(negotiate("/secure", "&access_token=bad", null).statusCode()).isEqualTo(401);
    HttpResponse<String> poll = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/secure?id=whatever")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(poll.statusCode()).isEqualTo(401);
  }

  @Test
  void negotiateTakesTheTokenFromTheHeaderOnly() throws Exception {
    assertThat(negotiate("/secure", "", "Bearer good").body()).contains("connectionToken");
    // The query counts only on the WebSocket upgrade and the SSE stream (QueryStringTokenTest).
    assertThat(negotiate("/secure", "&access_token=good", null).statusCode()).isEqualTo(401);
    assertThat(negotiate("/secure", "", "bearer good").statusCode()).isEqualTo(200);
  }

  @Test
  void otherHubsStayOpenToAnonymousClients() throws Exception {
    assertThat(negotiate("/echo", "", null).body()).contains("connectionToken");
  }
}
