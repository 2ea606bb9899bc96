package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signet.server.Signet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-site protection over real HTTP: a browser page of a foreign origin can neither negotiate
 * nor open any transport (403 before a connection is created or claimed), same-origin pages and
 * non-browser clients (no {@code Origin}) are served, and listed origins get CORS headers and
 * preflight answers.
 */
class CrossOriginTest {
  private static final String LISTED = "https://app.example";
  private static final String FOREIGN = "https://evil.example";
  private static final String RS = "\u001e";
  private static final HttpClient http = HttpClient.newHttpClient();

  // A fresh server per test, so that registeredConnectionCount() counts this test's connections only.
  private SignetServer server;
  private Signet signet;

  @BeforeEach
  void start() {
    startWith(LISTED);
  }

  private void startWith(String... allowedOrigins) {
    signet = Signet.builder()
        .hub(EchoHub.class)
        // Negotiated connections stay until the test ends: the counts below never see a sweep.
        .options(o -> o.allowedOrigins(allowedOrigins).disconnectTimeout(Duration.ofMinutes(10)))
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String self() {
    return "http://127.0.0.1:" + server.port();
  }

  private HttpResponse<String> send(String method, String pathAndQuery, String origin,
      String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(self() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10));
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String token, String body, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(self() + "/echo?id=" + token))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(10));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens an SSE stream and returns its status and headers, then closes it. */
  private HttpResponse<InputStream> openEventStream(String token, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(self() + "/echo?id=" + token))
        .header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(10));
    if (origin != null) {
      request.header("Origin", origin);
    }
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response;
  }

  private WebSocket openWebSocket(String query, String origin) throws Exception {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo" + query),
        new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
  }

  private int refusedUpgradeStatus(String query, String origin) {
    Throwable failure = catchThrowable(() -> openWebSocket(query, origin));
    assertThat(failure).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  private static void assertRefused(HttpResponse<?> response) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    if (response.body() instanceof String body) {
      assertThat(body).isEqualTo("Origin " + FOREIGN + " is not allowed");
    }
  }

  private static void assertNoCors(HttpHeaders headers) {
    assertThat(headers.firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(headers.firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  private static void assertCorsFor(String origin, HttpHeaders headers) {
    assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue(origin);
    assertThat(headers.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(headers.allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
  }

  @Test
  void aForeignOriginCannotNegotiate() throws Exception {
    assertRefused(send("POST", "/echo/negotiate?negotiateVersion=1", FOREIGN));
    assertThat(signet.registeredConnectionCount()).isZero();
  }

  @Test
  void aForeignOriginCannotOpenAWebSocketWithoutNegotiating() {
    assertThat(refusedUpgradeStatus("", FOREIGN)).isEqualTo(403);
    assertThat(signet.registeredConnectionCount()).isZero();
  }

  @Test
  void aForeignOriginCannotOpenTheWebSocketOfANegotiatedConnection() throws Exception {
    String token = Negotiation.token(server.port());
    assertThat(refusedUpgradeStatus("?id=" + token, FOREIGN)).isEqualTo(403);
    assertThat(signet.registeredConnectionCount()).isOne();
    // The refused request claimed nothing: the connection's own client still gets it.
    RawWebSocketClient.handshaken("ws://127.0.0.1:" + server.port() + "/echo?id=" + token)
        .socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
  }

  @Test
  void aForeignOriginCannotOpenAnEventStream() throws Exception {
    String token = Negotiation.token(server.port());
    assertRefused(openEventStream(token, FOREIGN));
    assertThat(signet.registeredConnectionCount()).isOne();
    assertThat(openEventStream(token, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aForeignOriginCannotPollPostOrDelete() throws Exception {
    String token = Negotiation.token(server.port());
    assertRefused(send("GET", "/echo?id=" + token, FOREIGN));
    assertThat(signet.registeredConnectionCount()).isOne();
    assertThat(send("GET", "/echo?id=" + token, null).statusCode())
        .as("the first poll of the connection's own client").isEqualTo(200);
    assertRefused(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS, FOREIGN));
    assertRefused(send("DELETE", "/echo?id=" + token, FOREIGN));
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS, null).statusCode())
        .as("the connection is still up after the refused DELETE").isEqualTo(200);
    assertThat(signet.registeredConnectionCount()).isOne();
  }

  @Test
  void sameOriginPagesAndClientsWithoutAnOriginAreServedWithoutCorsHeaders() throws Exception {
    for (String origin : new String[] {self(), self().toUpperCase(), null}) {
      HttpResponse<String> negotiate = send("POST", "/echo/negotiate?negotiateVersion=1", origin);
      assertThat(negotiate.statusCode()).as("origin %s", origin).isEqualTo(200);
      assertThat(negotiate.body()).contains("connectionToken");
      assertNoCors(negotiate.headers());
      openWebSocket("", origin).sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }
    // Another port of the same host is another origin.
    assertThat(send("POST", "/echo/negotiate", "http://127.0.0.1:1").statusCode()).isEqualTo(403);
    assertThat(send("POST", "/echo/negotiate", "https://127.0.0.1:" + server.port()).statusCode())
        .as("another scheme").isEqualTo(403);
  }

  @Test
  void aListedOriginIsServedWithCorsHeadersOnEveryTransport() throws Exception {
    HttpResponse<String> negotiate = send("POST", "/echo/negotiate?negotiateVersion=1", LISTED);
    assertThat(negotiate.statusCode()).isEqualTo(200);
    assertCorsFor(LISTED, negotiate.headers());

    String sse = HttpEndpointTest.tokenOf(negotiate.body());
    HttpResponse<InputStream> stream = openEventStream(sse, LISTED);
    assertThat(stream.statusCode()).isEqualTo(200);
    assertCorsFor(LISTED, stream.headers());

    String polling = Negotiation.token(server.port());
    HttpResponse<String> poll = send("GET", "/echo?id=" + polling, LISTED);
    assertThat(poll.statusCode()).isEqualTo(200);
    assertCorsFor(LISTED, poll.headers());
    HttpResponse<String> post = post(polling, "{\"protocol\":\"json\",\"version\":1}" + RS, LISTED);
    assertThat(post.statusCode()).isEqualTo(200);
    assertCorsFor(LISTED, post.headers());
    HttpResponse<String> delete = send("DELETE", "/echo?id=" + polling, LISTED);
    assertThat(delete.statusCode()).isEqualTo(202);
    assertCorsFor(LISTED, delete.headers());

    openWebSocket("", LISTED).sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }

  @Test
  void errorAnswersToAListedOriginCarryCorsHeadersSoThePageCanReadThem() throws Exception {
    HttpResponse<String> unknown = send("GET", "/echo?id=nope", LISTED);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertCorsFor(LISTED, unknown.headers());
  }

  @Test
  void preflightsOfAListedOriginAreAnswered() throws Exception {
    for (String path : new String[] {"/echo/negotiate?negotiateVersion=1", "/echo?id=x"}) {
      HttpResponse<String> preflight = send("OPTIONS", path, LISTED,
          "Access-Control-Request-Method", "POST",
          "Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent,authorization");
      assertThat(preflight.statusCode()).as(path).isBetween(200, 204);
      HttpHeaders headers = preflight.headers();
      assertCorsFor(LISTED, headers);
      assertThat(headers.firstValue("Access-Control-Allow-Methods"))
          .hasValue("GET, POST, DELETE, OPTIONS");
      assertThat(headers.firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(allowed ->
          assertThat(allowed.toLowerCase().split(",\\s*")).contains("authorization",
              "content-type", "x-requested-with", "x-signalr-user-agent"));
      assertThat(headers.firstValue("Access-Control-Max-Age")).hasValueSatisfying(
          age -> assertThat(Integer.parseInt(age)).isPositive());
    }
    assertThat(signet.registeredConnectionCount()).isZero();
  }

  @Test
  void preflightsOfOtherOriginsGetNoCorsHeaders() throws Exception {
    HttpResponse<String> foreign = send("OPTIONS", "/echo/negotiate", FOREIGN,
        "Access-Control-Request-Method", "POST");
    assertRefused(foreign);
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    HttpResponse<String> same = send("OPTIONS", "/echo", self(),
        "Access-Control-Request-Method", "GET");
    assertThat(same.statusCode()).isLessThan(300);
    assertNoCors(same.headers());
    assertThat(same.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
  }

  @Test
  void aStarAllowsEveryOriginAndEchoesIt() throws Exception {
    server.close();
    startWith("*");
    HttpResponse<String> negotiate = send("POST", "/echo/negotiate?negotiateVersion=1", FOREIGN);
    assertThat(negotiate.statusCode()).isEqualTo(200);
    assertCorsFor(FOREIGN, negotiate.headers());
    HttpResponse<String> preflight = send("OPTIONS", "/echo/negotiate", FOREIGN,
        "Access-Control-Request-Method", "POST");
    assertCorsFor(FOREIGN, preflight.headers());
    openWebSocket("", FOREIGN).sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
  }

  @Test
  void withoutAListOnlyTheEndpointsOwnOriginIsServed() throws Exception {
    server.close();
    startWith();
    assertThat(send("POST", "/echo/negotiate", LISTED).statusCode()).isEqualTo(403);
    assertThat(refusedUpgradeStatus("", LISTED)).isEqualTo(403);
    assertThat(send("POST", "/echo/negotiate", self()).statusCode()).isEqualTo(200);
  }
}
