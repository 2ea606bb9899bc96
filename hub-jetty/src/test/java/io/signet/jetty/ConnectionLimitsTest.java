package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubUser;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's connection limits over real HTTP: past {@code maximumConnections} a negotiate, or a
 * WebSocket without one, is answered {@code 503} with {@code Retry-After} and a reason, and the
 * connections held go on; past {@code maximumConnectionsPerUser}, {@code 429}. A connection that
 * ends gives its place back.
 */
class ConnectionLimitsTest {
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();

  private SignetServer server;
  private Signet signet;

  private void start(int maximum, int perUser) {
    signet = Signet.builder()
        .hub(EchoHub.class)
        .authenticator((token, request) -> token == null ? null : HubUser.of(token))
        .maximumConnections(maximum)
        .maximumConnectionsPerUser(perUser)
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> negotiate(String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + "/echo/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(HttpResponse<String> negotiated) {
    Matcher matcher = TOKEN.matcher(negotiated.body());
    assertThat(matcher.find()).as("a token in %s", negotiated.body()).isTrue();
    return matcher.group(1);
  }

  private String ws(String query) {
    return "ws://127.0.0.1:" + server.port() + "/echo" + query;
  }

  @Test
  void aFullServerRefusesNegotiateWith503AndAReasonWhileItsConnectionsGoOn() throws Exception {
    start(2, 0);
    RawWebSocketClient first = RawWebSocketClient.handshaken(ws("?id=" + token(negotiate(null))));
    assertThat(negotiate(null).statusCode()).isEqualTo(200); // the second place, negotiated

    HttpResponse<String> refused = negotiate(null);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(refused.body()).isEqualTo("The server has reached its maximum of 2 connections");
    assertThat(signet.registeredConnectionCount()).isEqualTo(2);
    first.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Echo\",\"arguments\":[\"still here\"]}"
        + RawWebSocketClient.RS);
    assertThat(first.next()).contains("still here");
  }

  @Test
  void aWebSocketWithoutNegotiateIsRefusedWhenTheServerIsFull() throws Exception {
    start(1, 0);
    RawWebSocketClient.handshaken(ws("")); // skipNegotiation: takes the one place

    Throwable refused = catchHandshake(ws(""));

    assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
    HttpResponse<?> response = ((WebSocketHandshakeException) refused).getResponse();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(signet.registeredConnectionCount()).isEqualTo(1);
  }

  @Test
  void anEndedConnectionGivesItsPlaceBack() throws Exception {
    start(1, 0);
    RawWebSocketClient only = RawWebSocketClient.handshaken(ws("?id=" + token(negotiate(null))));
    assertThat(negotiate(null).statusCode()).isEqualTo(503);

    only.socket.sendClose(1000, "").get(5, java.util.concurrent.TimeUnit.SECONDS);
    awaitConnectionCount(0);

    assertThat(negotiate(null).statusCode()).isEqualTo(200);
  }

  @Test
  void aUserAtItsLimitGets429WhileOthersAndAnonymousClientsAreServed() throws Exception {
    start(0, 2);
    assertThat(negotiate("alice").statusCode()).isEqualTo(200);
    RawWebSocketClient alices = RawWebSocketClient.handshaken(
        ws("?id=" + token(negotiate("alice")) + "&access_token=alice"));

    HttpResponse<String> refused = negotiate("alice");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).isEqualTo("The user has reached the maximum of 2 connections");
    assertThat(negotiate("bob").statusCode()).isEqualTo(200);
    assertThat(negotiate(null).statusCode()).isEqualTo(200);
    assertThat(negotiate(null).statusCode()).isEqualTo(200);

    alices.socket.sendClose(1000, "").get(5, java.util.concurrent.TimeUnit.SECONDS);
    awaitConnectionCount(4);
    assertThat(negotiate("alice").statusCode()).isEqualTo(200);
  }

  @Test
  void theDefaultFollowsTheProcessFileDescriptorLimit() {
    int maximum = io.signet.connection.internal.ConnectionLimits.defaultMaximum();
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      assertThat(maximum).isEqualTo((int) (unix.getMaxFileDescriptorCount() * 8 / 10));
    } else {
      assertThat(maximum).isZero();
    }
  }

  private static Throwable catchHandshake(String url) {
    try {
      HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(url), new java.net.http.WebSocket.Listener() {})
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  private void awaitConnectionCount(int expected) throws InterruptedException {
    AbstractWebSocketTransportTest.await("the connection count is " + expected,
        () -> signet.registeredConnectionCount() == expected);
  }
}
