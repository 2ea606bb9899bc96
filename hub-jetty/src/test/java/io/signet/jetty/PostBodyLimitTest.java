package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code HubOptions.maximumPostBodySize} over real HTTP, on the POSTs long-polling and SSE clients
 * send with: a body declared larger is answered {@code 413} unread and the connection goes on; a
 * chunked body that grows larger is answered {@code 413} and ends its connection, which may hold
 * half a message by then.
 */
class PostBodyLimitTest {
  private static final String RS = "\u001e";
  private static final int LIMIT = 4096;
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();
  private static SignetServer server;
  private static Signet signet;

  @BeforeAll
  static void start() {
    signet = Signet.builder()
        .hub(EchoHub.class)
        .options(o -> o.maximumPostBodySize(LIMIT).longPollTimeout(Duration.ofSeconds(2)))
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String token) {
    return "http://127.0.0.1:" + server.port() + "/echo?id=" + token;
  }

  private static String negotiate() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + "/echo/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    Matcher matcher = TOKEN.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static HttpResponse<String> poll(String token) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(token)))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String token, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(token)))
        .timeout(Duration.ofSeconds(10)).POST(body).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String token, String body) throws Exception {
    return post(token, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  /** A long-polling connection past its handshake. */
  private static String connectLongPolling() throws Exception {
    String token = negotiate();
    assertThat(poll(token).statusCode()).isEqualTo(200);
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS).statusCode())
        .isEqualTo(200);
    assertThat(poll(token).body()).isEqualTo("{}" + RS);
    return token;
  }

  /** {@code count} pings: valid messages, so only the body's size is wrong. */
  private static String pings(int count) {
    return ("{\"type\":6}" + RS).repeat(count);
  }

  @Test
  void aBodyDeclaredTooLargeIsRefusedUnreadAndTheConnectionGoesOn() throws Exception {
    String token = connectLongPolling();

    HttpResponse<String> refused = post(token, pings(LIMIT / 11 + 1)); // 11 bytes each

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body())
        .isEqualTo("The request body is larger than the maximum of 4096 bytes");
    String call = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[2,3]}" + RS;
    assertThat(post(token, pings(LIMIT / 11 - 10) + call).statusCode()).isEqualTo(200);
    String received = "";
    while (!received.contains("\"invocationId\":\"1\"")) {
      HttpResponse<String> poll = poll(token);
      assertThat(poll.statusCode()).isEqualTo(200);
      received += poll.body();
    }
    assertThat(received).contains("{\"type\":3,\"invocationId\":\"1\",\"result\":5}");
  }

  @Test
  void aChunkedBodyGrowingTooLargeIsRefusedAndEndsItsConnection() throws Exception {
    String token = connectLongPolling();
    byte[] body = pings(2 * LIMIT / 11).getBytes(StandardCharsets.UTF_8);

    // From a stream: sent chunked, with no Content-Length to judge it by in advance.
    HttpResponse<String> refused = post(token,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(poll(token).statusCode()).as("the poll after the end").isEqualTo(204);
    AbstractWebSocketTransportTest.await("the connection is forgotten",
        () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void theLimitHoldsForServerSentEventsToo() throws Exception {
    String token = negotiate();
    HttpRequest stream = HttpRequest.newBuilder(URI.create(url(token)))
        .header("Accept", "text/event-stream").GET().build();
    CompletableFuture<HttpResponse<java.io.InputStream>> events =
        http.sendAsync(stream, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS).statusCode())
        .isEqualTo(200);

    assertThat(post(token, pings(LIMIT / 11 + 1)).statusCode()).isEqualTo(413);
    assertThat(post(token, pings(3)).statusCode()).as("the connection goes on").isEqualTo(200);
    events.get().body().close();
  }
}
