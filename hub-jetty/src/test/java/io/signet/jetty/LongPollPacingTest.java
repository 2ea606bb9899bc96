package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long-poll pacing: messages that follow an answer within {@code longPollPacing} wait for the
 * rest of it and leave together. The pacing here is long (2 s), so that the two calls below are
 * sure to fall within it however slow the machine.
 */
class LongPollPacingTest {
  private static final String RS = "\u001e";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static SignetServer server;

  @BeforeAll
  static void start() {
    Signet signet = Signet.builder()
        .hub(EchoHub.class)
        .options(o -> o.longPollPacing(Duration.ofSeconds(2)))
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

  private static CompletableFuture<HttpResponse<String>> poll(String token) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(url(token) + "&_=1"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int post(String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url(token)))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static String call(String id, int a) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"add\",\"arguments\":[" + a
        + ",1]}" + RS;
  }

  @Test
  void messagesFollowingAnAnswerWithinThePacingLeaveTogether() throws Exception {
    String token = Negotiation.token(server.port());
    assertThat(poll(token).get(10, TimeUnit.SECONDS).body()).isEmpty();
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS)).isEqualTo(200);
    // The handshake answer is the first with a message: it goes at once.
    assertThat(poll(token).get(10, TimeUnit.SECONDS).body()).isEqualTo("{}" + RS);

    CompletableFuture<HttpResponse<String>> next = poll(token);
    assertThat(post(token, call("1", 1))).isEqualTo(200);
    assertThat(post(token, call("2", 2))).isEqualTo(200);

    HttpResponse<String> answer = next.get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":2}" + RS
        + "{\"type\":3,\"invocationId\":\"2\",\"result\":3}" + RS);
  }
}
