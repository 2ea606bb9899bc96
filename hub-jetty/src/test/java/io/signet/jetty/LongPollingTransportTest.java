package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.TransportType;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Long polling over real HTTP: polls, sends, supersession, timeouts, DELETE, hostile input (JSON
 * and MessagePack).
 */
class LongPollingTransportTest {
  private static final String RS = "\u001e";
  private static SignetServer server;
  private static Signet signet;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    signet = Signet.builder()
        .hub(EchoHub.class)
        .options(o -> o.longPollTimeout(Duration.ofMillis(700))
            .disconnectTimeout(Duration.ofSeconds(2))
            .maximumReceiveMessageSize(1000))
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
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(token) + "&_=1"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(token)))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> delete(String token) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(token)))
        .timeout(Duration.ofSeconds(10)).DELETE().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> poll)
      throws Exception {
    return poll.get(10, TimeUnit.SECONDS);
  }

  /** Negotiates, takes the first poll and completes the handshake. */
  private static String connect() throws Exception {
    String token = Negotiation.token(server.port());
    HttpResponse<String> first = await(poll(token));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEmpty();
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache, no-store");
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS).statusCode())
        .isEqualTo(200);
    assertThat(await(poll(token)).body()).isEqualTo("{}" + RS);
    return token;
  }

  @Test
  void aPollReturnsEverythingPendingInOneResponse() throws Exception {
    String token = connect();
    String calls = "";
    for (int i = 1; i <= 3; i++) {
      calls += "{\"type\":1,\"invocationId\":\"" + i + "\",\"target\":\"add\",\"arguments\":[" + i
          + ",1]}" + RS;
    }
    assertThat(post(token, calls).statusCode()).isEqualTo(200);
    String body = "";
    while (!body.contains("\"invocationId\":\"3\"")) {
      HttpResponse<String> response = await(poll(token));
      assertThat(response.statusCode()).isEqualTo(200);
      body += response.body();
    }
    assertThat(body).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":2}" + RS
        + "{\"type\":3,\"invocationId\":\"2\",\"result\":3}" + RS
        + "{\"type\":3,\"invocationId\":\"3\",\"result\":4}" + RS);
    assertThat(delete(token).statusCode()).isEqualTo(202);
  }

  @Test
  void concurrentPostsAreAllDeliveredNoneRefused() throws Exception {
    String token = connect();
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      String call = "{\"type\":1,\"invocationId\":\"" + i + "\",\"target\":\"add\","
          + "\"arguments\":[" + i + ",0]}" + RS;
      posts.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url(token)))
          .POST(HttpRequest.BodyPublishers.ofString(call)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> post : posts) {
      assertThat(await(post).statusCode()).isEqualTo(200);
    }
    String body = "";
    while (body.split(RS).length < 10) {
      body += await(poll(token)).body();
    }
    for (int i = 1; i <= 10; i++) {
      assertThat(body).contains("{\"type\":3,\"invocationId\":\"" + i + "\",\"result\":" + i + "}");
    }
    delete(token);
  }

  @Test
  void anIdlePollIsAnsweredEmptyAfterThePollTimeout() throws Exception {
    String token = connect();
    HttpResponse<String> response = await(poll(token));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    delete(token);
  }

  @Test
  void aNewerPollEndsTheOlderWith204() throws Exception {
    String token = connect();
    CompletableFuture<HttpResponse<String>> older = poll(token);
    // Give the older poll time to park (the server exposes no hook for it); were it not parked
    // yet, the newer one would park and the older fail with 204 the other way round.
    Thread.sleep(100);
    CompletableFuture<HttpResponse<String>> newer = poll(token);
    assertThat(await(older).statusCode()).isEqualTo(204);
    assertThat(await(newer).statusCode()).isEqualTo(200);
    delete(token);
  }

  @Test
  void deleteEndsTheConnectionAndAWaitingPollGets204() throws Exception {
    String token = connect();
    CompletableFuture<HttpResponse<String>> waiting = poll(token);
    Thread.sleep(100); // let the poll park; if it has not, it fails with 404 below, visibly
    assertThat(delete(token).statusCode()).isEqualTo(202);
    assertThat(await(waiting).statusCode()).isEqualTo(204);
    // A poll still on its way when the connection ended learns of the end, as a waiting one does.
    assertThat(await(poll(token)).statusCode()).isEqualTo(204);
    assertThat(post(token, "{\"type\":6}" + RS).statusCode()).isEqualTo(404);
    assertThat(delete(token).statusCode()).isEqualTo(404);
  }

  @Test
  void garbageAndOversizedPostsEndOnlyTheirConnection() throws Exception {
    String bystander = connect();
    String garbage = connect();
    assertThat(post(garbage, "garbage, not json at all" + RS).statusCode()).isIn(200, 404);
    String close = await(poll(garbage)).body();
    assertThat(close).isEqualTo(
        "{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}" + RS);
    String huge = connect();
    HttpResponse<String> response = post(huge, "x".repeat(5_000_000));
    assertThat(response.statusCode()).isIn(200, 404);
    assertThat(await(poll(huge)).body()).contains("Connection closed with an error.");

    post(bystander, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"ok\"]}"
        + RS);
    assertThat(await(poll(bystander)).body()).contains("\"result\":\"ok\"");
    delete(bystander);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.signet.jetty.HostileMessagePack#frames")
  void hostileMessagePackEndsOnlyItsConnectionWithAnError(String what, byte[] frame)
      throws Exception {
    String bystander = connect();
    String token = Negotiation.token(server.port());
    assertThat(await(poll(token)).statusCode()).isEqualTo(200);
    assertThat(post(token, HostileMessagePack.HANDSHAKE).statusCode()).isEqualTo(200);
    assertThat(await(poll(token)).body()).isEqualTo("{}" + RS);
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(url(token)))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(frame)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).isIn(200, 404);
    HttpResponse<byte[]> closing = http.sendAsync(
        HttpRequest.newBuilder(URI.create(url(token) + "&_=2"))
            .timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()).get(10, TimeUnit.SECONDS);
    assertThat(closing.statusCode()).isEqualTo(200);
    HostileMessagePack.assertClosedWithError(closing.body());
    assertThat(await(poll(token)).statusCode()).as("the connection has ended").isEqualTo(204);

    post(bystander, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"ok\"]}"
        + RS);
    assertThat(await(poll(bystander)).body()).contains("\"result\":\"ok\"");
    delete(bystander);
  }

  @Test
  void aClientThatStopsPollingIsForgotten() throws Exception {
    connect();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (signet.registeredConnectionCount() > 0) {
      assertThat(System.nanoTime()).as("the idle connection is swept").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aDisabledTransportIsRefused() throws Exception {
    try (Signet only = Signet.builder().hub(EchoHub.class)
            .options(o -> o.transports(TransportType.WebSockets)).build();
        SignetServer wsOnly =
            SignetServer.builder().host("127.0.0.1").port(0).signet(only).start()) {
      String base = "http://127.0.0.1:" + wsOnly.port() + "/echo";
      HttpResponse<String> negotiate = http.send(HttpRequest.newBuilder(
              URI.create(base + "/negotiate?negotiateVersion=1"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(negotiate.body()).contains("WebSockets").doesNotContain("LongPolling")
          .doesNotContain("ServerSentEvents");
      String token = negotiate.body().replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
      HttpResponse<String> poll = http.send(HttpRequest.newBuilder(URI.create(base + "?id=" + token))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(poll.statusCode()).isEqualTo(404);
      assertThat(poll.body()).isEqualTo("LongPolling transport not supported by this end point type");
    }
  }
}
