package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubUser;
import io.signet.server.Signet;
import io.signet.transport.websocket.WebSocketTransport;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code context().request()} over real HTTP, per transport: the request that connected (not
 * negotiate, not a POST, not a later poll), with its query, headers and addresses, and never
 * the secrets it carried (the bearer token in the header or the query, the connection token).
 */
class ConnectionRequestTest {
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final String DESCRIBE =
      "{\"type\":1,\"invocationId\":\"1\",\"target\":\"describe\",\"arguments\":[]}" + RS;
  private static final String SECRET = "bearer-5d2a9c";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static SignetServer server;
  private static SignetServer jakarta; // the portable Jakarta WebSocket transport

  @BeforeAll
  static void start() {
    server = start(Signet.builder());
    jakarta = start(Signet.builder().transports(new WebSocketTransport()));
  }

  private static SignetServer start(Signet.Builder builder) {
    Signet signet = builder
        .hub(RequestHub.class)
        .authenticator((token, request) -> SECRET.equals(token) ? HubUser.of("alice") : null)
        .build();
    return SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    jakarta.close();
  }

  @Test
  void aWebSocketWithoutNegotiateKeepsItsUpgradeRequest() throws Exception {
    assertThat(describeOverWebSocket(server, "access_token=" + SECRET, Map.of()))
        .contains("Sec-WebSocket-Key");
  }

  @Test
  void theJakartaWebSocketTransportKeepsItsUpgradeRequest() throws Exception {
    assertThat(describeOverWebSocket(jakarta, "access_token=" + SECRET, Map.of()))
        .contains("Sec-WebSocket-Key");
  }

  @Test
  void aNegotiatedWebSocketKeepsItsUpgradeRequestNotNegotiate() throws Exception {
    String token = negotiate();
    assertThat(describeOverWebSocket(server, "id=" + token,
        Map.of("Authorization", "Bearer " + SECRET))).doesNotContain(token);
  }

  /** Connects with {@code query}, {@code headers} and some of the test's own; describes it. */
  private static String describeOverWebSocket(SignetServer target, String query,
      Map<String, String> headers) throws Exception {
    Map<String, String> withTest = new HashMap<>(headers);
    withTest.put("X-Test", "upgrade");
    RawWebSocketClient client = RawWebSocketClient.handshaken("ws://127.0.0.1:" + target.port()
        + "/request?room=a&" + query + "&room=b", withTest);
    client.sendText(DESCRIBE);
    String description = assertDescribes(client.next(), "upgrade", target.port());
    client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    return description;
  }

  @Test
  void anEventStreamKeepsItsStreamRequestNotThePosts() throws Exception {
    String token = negotiate();
    HttpResponse<InputStream> stream = http.send(request("?id=" + token
            + "&room=a&room=b&access_token=" + SECRET)
        .header("Accept", "text/event-stream").header("X-Test", "stream").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader events = new BufferedReader(
        new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(post(token, HANDSHAKE)).isEqualTo(200);
      assertThat(nextEvent(events)).isEqualTo("{}");
      assertThat(post(token, DESCRIBE)).isEqualTo(200);
      String description = assertDescribes(nextEvent(events), "stream");
      assertThat(description).doesNotContain(token);
    }
  }

  @Test
  void longPollingKeepsTheFirstPollNotTheLaterOnes() throws Exception {
    String token = negotiate();
    assertThat(poll(token, "first-poll").statusCode()).isEqualTo(200);
    assertThat(post(token, HANDSHAKE)).isEqualTo(200);
    assertThat(poll(token, "later-poll").body()).isEqualTo("{}" + RS);
    assertThat(post(token, DESCRIBE)).isEqualTo(200);
    String description = poll(token, "later-poll").body();
    assertThat(assertDescribes(description.substring(0, description.length() - 1), "first-poll"))
        .doesNotContain(token);
    assertThat(http.send(request("?id=" + token).header("Authorization", "Bearer " + SECRET)
        .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(202);
  }

  /** Checks a completion of {@code describe}; returns it. */
  private static String assertDescribes(String completion, String testHeader) {
    return assertDescribes(completion, testHeader, server.port());
  }

  private static String assertDescribes(String completion, String testHeader, int port) {
    assertThat(completion)
        .startsWith("{\"type\":3,\"invocationId\":\"1\",\"result\":{\"path\":\"/request\","
            + "\"query\":{\"room\":[\"a\",\"b\"]},\"test\":[\"" + testHeader + "\"],"
            + "\"authorization\":null,\"accessToken\":null,\"id\":null,"
            + "\"remote\":\"127.0.0.1\",\"localPort\":" + port + ",\"secure\":false,"
            + "\"text\":\"ConnectionRequest[path=/request, query=[room], headers=[")
        .contains("X-Test")
        .endsWith(", remote=127.0.0.1:" + remotePortOf(completion) + ", local=127.0.0.1:"
            + port + ", secure=false]\"}}")
        .doesNotContain(SECRET);
    assertThat(completion.substring(completion.indexOf("\"text\""))).as("what toString shows")
        .doesNotContainIgnoringCase("authorization").doesNotContain("access_token");
    return completion;
  }

  private static String remotePortOf(String completion) {
    Matcher port = Pattern.compile("remote=127\\.0\\.0\\.1:(\\d+)").matcher(completion);
    assertThat(port.find()).as(completion).isTrue();
    return port.group(1);
  }

  private static HttpRequest.Builder request(String query) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/request"
        + query)).timeout(Duration.ofSeconds(10));
  }

  /** Negotiates with a header of its own, which the connection must not keep. */
  private static String negotiate() throws Exception {
    HttpResponse<String> response = http.send(request("/negotiate?negotiateVersion=1&room=n")
        .header("X-Test", "negotiate").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher matcher = TOKEN.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  private static int post(String token, String body) throws Exception {
    return http.send(request("?id=" + token + "&room=post").header("X-Test", "post")
        .header("Authorization", "Bearer " + SECRET)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpResponse<String> poll(String token, String testHeader) throws Exception {
    String room = "first-poll".equals(testHeader) ? "&room=a&room=b" : "&room=later";
    return http.send(request("?id=" + token + room).header("X-Test", testHeader)
        .header("Authorization", "Bearer " + SECRET).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The data of the next SSE event, without its record separator. */
  private static String nextEvent(BufferedReader events) throws Exception {
    String line;
    while ((line = events.readLine()) != null) {
      if (line.startsWith("data: ")) {
        return line.substring("data: ".length()).replace(RS, "");
      }
    }
    throw new AssertionError("the event stream ended");
  }
}
