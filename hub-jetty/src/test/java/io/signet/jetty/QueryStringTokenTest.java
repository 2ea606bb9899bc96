package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signet.hub.HubUser;
import io.signet.server.Signet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code access_token} query parameter counts only where browsers cannot send a header: the
 * WebSocket upgrade and the SSE stream. Negotiate, polls, POSTs and DELETE need the
 * {@code Authorization} header, so a token never has to travel in those URLs.
 */
class QueryStringTokenTest {
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static SignetServer server;

  @BeforeAll
  static void start() {
    Signet signet = Signet.builder()
        .hub(SecureHub.class)
        .authenticator((token, request) -> "good".equals(token) ? HubUser.of("alice") : null)
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.port() + pathAndQuery;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Negotiates with the token in the header and returns the connection token. */
  private static String negotiate() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
            URI.create(url("/secure/negotiate?negotiateVersion=1")))
        .header("Authorization", "Bearer good")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher matcher = TOKEN.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  private static HttpResponse<InputStream> openEventStream(String query) throws Exception {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
            URI.create(url("/secure" + query)))
        .header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
    }
    return response;
  }

  @Test
  void negotiateNeedsTheHeader() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
            URI.create(url("/secure/negotiate?negotiateVersion=1&access_token=good")))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(negotiate()).isNotEmpty();
  }

  @Test
  void theEventStreamTakesTheTokenFromTheQueryButItsPostsNeedTheHeader() throws Exception {
    String token = negotiate();
    assertThat(openEventStream("?id=" + token).statusCode()).as("no token").isEqualTo(401);
    HttpResponse<InputStream> stream = openEventStream("?id=" + token + "&access_token=good");
    try (InputStream events = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      URI post = URI.create(url("/secure?id=" + token + "&access_token=good"));
      assertThat(send(HttpRequest.newBuilder(post)
          .POST(HttpRequest.BodyPublishers.ofString(HANDSHAKE))).statusCode())
          .as("a POST with the token in the query").isEqualTo(401);
      assertThat(send(HttpRequest.newBuilder(post)
          .header("Authorization", "Bearer good")
          .POST(HttpRequest.BodyPublishers.ofString(HANDSHAKE))).statusCode())
          .as("the same POST with the header").isEqualTo(200);
    }
  }

  @Test
  void pollsAndDeleteNeedTheHeader() throws Exception {
    String token = negotiate();
    URI withQuery = URI.create(url("/secure?id=" + token + "&access_token=good"));
    assertThat(send(HttpRequest.newBuilder(withQuery).GET()).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(withQuery).DELETE()).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(withQuery).header("Authorization", "Bearer good")
        .GET()).statusCode()).as("the first poll, with the header").isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(withQuery).header("Authorization", "Bearer good")
        .DELETE()).statusCode()).isEqualTo(202);
  }

  @Test
  void theWebSocketUpgradeTakesTheTokenFromTheQuery() throws Exception {
    String base = "ws://127.0.0.1:" + server.port() + "/secure";
    String token = negotiate();
    RawWebSocketClient negotiated = RawWebSocketClient.handshaken(
        base + "?id=" + token + "&access_token=good");
    negotiated.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"WhoAmI\",\"arguments\":[]}"
        + RS);
    assertThat(negotiated.next()).contains("\"result\":\"alice\"");
    negotiated.socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    RawWebSocketClient.handshaken(base + "?access_token=good") // without negotiate
        .socket.sendClose(WebSocket.NORMAL_CLOSURE, "");

    Throwable anonymous = catchThrowable(() -> RawWebSocketClient.connect(base));
    assertThat(anonymous).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) anonymous.getCause()).getResponse().statusCode())
        .isEqualTo(401);
  }
}
