package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.jetty.SignetServer;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No sticky sessions at the HTTP level: a long-polling connection negotiated on one node and
 * claimed by the other is served whichever node each request reaches, and requests that try to
 * abuse forwarding are refused.
 */
class ForwardingTest {
  private static final char RS = RawLongPolling.RS;
  private static RedisServer redis;
  private static final List<SignetServer> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient(); // for WebSockets

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    for (int i = 0; i < 2; i++) {
      Signet signet = Signet.builder().hub(ScaleHub.class)
          .scaleOut(RedisScaleOut.create(redis.uri())).build();
      nodes.add(SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start());
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(SignetServer::close);
    redis.close();
  }

  private RawLongPolling client() {
    return new RawLongPolling(nodes.stream().map(SignetServer::port).toList());
  }

  private String url(int node, String token) {
    return client().url(node, token);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client().send(request);
  }

  private HttpResponse<String> get(int node, String token) throws Exception {
    return client().get(node, token);
  }

  private HttpResponse<String> post(int node, String token, String body) throws Exception {
    return client().post(node, token, body);
  }

  private String negotiate(int node) throws Exception {
    return client().negotiate(node);
  }

  private String pollingConnection() throws Exception {
    return client().claimedByNode1();
  }

  @Test
  void everyRequestIsServedWhicheverNodeItReaches() throws Exception {
    String token = pollingConnection();
    for (int i = 0; i < 6; i++) {
      client().call(token, i % 2, 1 - i % 2, i);
    }
    HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(url(0, token)))
        .DELETE().build());
    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(get(0, token).statusCode()).isEqualTo(204); // the end, learned on either node
    assertThat(get(1, token).statusCode()).isEqualTo(204);
  }

  @Test
  void aForgedForwardingHeaderIsServedLocallyOnly() throws Exception {
    String token = pollingConnection();
    HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(url(0, token)))
        .header("Signet-Forwarded", "1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":6}" + RS)).build());
    assertThat(forged.statusCode()).isEqualTo(404); // node 0 does not hold it and does not ask
  }

  @Test
  void anOversizedBodyIsNotForwarded() throws Exception {
    String token = pollingConnection();
    String huge = "x".repeat(5 * 1024 * 1024);
    assertThat(post(0, token, huge).statusCode()).isEqualTo(413);
  }

  @Test
  void unknownTokensAreNotFoundOnEveryNode() throws Exception {
    for (int node = 0; node < 2; node++) {
      assertThat(get(node, "no-such-token").statusCode()).isEqualTo(404);
      assertThat(post(node, "no-such-token", "{}").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aWebSocketForAConnectionHeldElsewhereIsRefused() throws Exception {
    String token = pollingConnection();
    URI ws = URI.create(url(0, token).replace("http:", "ws:"));
    try {
      http.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {})
          .get(10, TimeUnit.SECONDS);
      throw new AssertionError("The upgrade succeeded");
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      assertThat(e).hasStackTraceContaining("409");
    }
  }

  @Test
  void aSecondFirstPollOnAnotherNodeIsTheConnectionsNextPoll() throws Exception {
    String token = negotiate(0);
    assertThat(get(1, token).statusCode()).isEqualTo(200); // node 1 claims it
    // Node 0 finds it claimed and forwards: the poll waits on node 1 for the handshake answer.
    var poll = http.sendAsync(HttpRequest.newBuilder(URI.create(url(0, token))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post(1, token, "{\"protocol\":\"json\",\"version\":1}" + RS).statusCode())
        .isEqualTo(200);
    HttpResponse<String> answered = poll.get(30, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("{}" + RS);
  }
}
