package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Negotiate and the transport dispatcher over real HTTP: shapes, status codes and texts. */
class HttpEndpointTest {
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"connectionId\":\"([^\"]+)\"");

  private static SignetServer server;
  private static Signet signet;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    signet = Signet.builder().hub(EchoHub.class).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> request(String method, String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static String tokenOf(String negotiateBody) {
    Matcher matcher = TOKEN.matcher(negotiateBody);
    assertThat(matcher.find()).as(negotiateBody).isTrue();
    return matcher.group(1);
  }

  @Test
  void negotiateVersionOneGivesADistinctUrlSafeToken() throws Exception {
    HttpResponse<String> response = request("POST", "/echo/negotiate?negotiateVersion=1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    String body = response.body();
    assertThat(body).startsWith("{\"negotiateVersion\":1,\"connectionId\":\"");
    assertThat(body).endsWith("\"availableTransports\":["
        + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
        + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]},"
        + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]}");
    assertThat(body).doesNotContain("ProtocolVersion").doesNotContain("useStatefulReconnect");
    Matcher id = ID.matcher(body);
    assertThat(id.find()).isTrue();
    String token = tokenOf(body);
    assertThat(token).isNotEqualTo(id.group(1)).matches("[A-Za-z0-9_-]{22}");
    assertThat(id.group(1)).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void tokensAreUnique() throws Exception {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(tokenOf(request("POST", "/echo/negotiate?NEGOTIATEVERSION=1").body()));
    }
    assertThat(tokens).hasSize(50);
  }

  @Test
  void versionZeroHasNoTokenAndHigherVersionsGetOne() throws Exception {
    String zero = request("POST", "/echo/negotiate").body();
    assertThat(zero).startsWith("{\"negotiateVersion\":0,\"connectionId\":\"")
        .doesNotContain("connectionToken");
    assertThat(request("POST", "/echo/negotiate?negotiateVersion=7&x=1").body())
        .startsWith("{\"negotiateVersion\":1,");
  }

  @Test
  void negotiateErrorsAre200WithAnErrorProperty() throws Exception {
    HttpResponse<String> response = request("POST", "/echo/negotiate?negotiateVersion=abc");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"The client requested a non-integer protocol version.\"}");
    assertThat(request("POST", "/echo/negotiate?negotiateVersion=-1").body())
        .isEqualTo("{\"error\":\"The client requested version '-1', but the server does not "
            + "support this version.\"}");
  }

  @Test
  void negotiateAcceptsOnlyPost() throws Exception {
    assertThat(request("GET", "/echo/negotiate").statusCode()).isEqualTo(405);
    assertThat(request("PUT", "/echo/negotiate").statusCode()).isEqualTo(405);
  }

  @Test
  void transportRequestsAnswerWithTheAspNetStatusCodes() throws Exception {
    HttpResponse<String> post = request("POST", "/echo?id=nope");
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(post.body()).isEqualTo("No Connection with that ID");
    HttpResponse<String> noId = request("POST", "/echo");
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(noId.body()).isEqualTo("Connection ID required");
    assertThat(request("GET", "/echo").statusCode()).isEqualTo(400);
    assertThat(request("GET", "/echo?id=nope").statusCode()).isEqualTo(404);
    assertThat(request("DELETE", "/echo").statusCode()).isEqualTo(400);
    assertThat(request("DELETE", "/echo?id=nope").statusCode()).isEqualTo(404);
    String token = tokenOf(request("POST", "/echo/negotiate?negotiateVersion=1").body());
    assertThat(request("PUT", "/echo?id=" + token).statusCode()).isEqualTo(405);
    HttpResponse<String> early = request("POST", "/echo?id=" + token);
    assertThat(early.statusCode()).as("a POST before any transport").isEqualTo(404);
    assertThat(request("GET", "/nowhere").statusCode()).isEqualTo(404);
  }
}
