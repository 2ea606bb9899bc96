package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-header clients (slowloris) against a server with a header timeout of
 * {@value #TIMEOUT_MILLIS} ms, on loopback: they are disconnected however steadily they dribble,
 * while connections that are legitimately quiet for longer (an idle kept-alive connection, a long
 * poll, a WebSocket) are not.
 *
 * <p>That a quiet connection outlived the timeout is shown without measuring time: a witness
 * socket opened after it went quiet is closed by the timeout first, and the same sweep of the
 * server checked the quiet connection.
 */
class RequestHeaderTimeoutTest {
  private static final long TIMEOUT_MILLIS = 500;
  private static final String RS = "\u001e";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private SignetServer server;

  private void start(Duration headerTimeout) {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .headerTimeout(headerTimeout).warningSink(warnings::add).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private SlowSocket socket() throws Exception {
    SlowSocket socket = SlowSocket.open(server.port());
    opened.add(socket);
    return socket;
  }

  /** A connection that sends nothing, closed once the timeout has passed since it was opened. */
  private void awaitWitnessClosed() throws Exception {
    assertThat(socket().awaitClosedByServer()).as("the silent witness socket is closed").isTrue();
  }

  @Test
  void aNewConnectionDribblingItsHeadersIsClosed() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    SlowSocket slow = socket();
    // Well inside Jetty's idle timeout (30 s), which every byte restarts.
    slow.dribble(50);

    assertThat(slow.awaitClosedByServer()).as("the dribbling socket is closed").isTrue();
  }

  @Test
  void aNewConnectionThatSendsNothingIsClosed() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));

    assertThat(socket().awaitClosedByServer()).isTrue();
  }

  @Test
  void withTheTimeoutSwitchedOffADribblerStaysConnected() throws Exception {
    start(Duration.ZERO);
    SlowSocket slow = socket();
    slow.dribble(50);

    // What every server did before the timeout existed: the idle timeout, which each byte
    // restarts, never comes, so the socket outlives many times the timeout of the other tests.
    assertThat(slow.awaitClosedByServer((int) (6 * TIMEOUT_MILLIS))).isFalse();
  }

  @Test
  void aKeptAliveConnectionDribblingItsNextRequestIsClosedAnIdleOneIsNot() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    SlowSocket idle = socket();
    assertThat(idle.get("/nothing")).startsWith("HTTP/1.1 404");
    SlowSocket slow = socket();
    assertThat(slow.get("/nothing")).startsWith("HTTP/1.1 404");

    slow.dribble(50);

    assertThat(slow.awaitClosedByServer()).isTrue();
    // Idle for longer than the timeout (it went quiet before the slow one began its second
    // request), and still served: between requests, only the idle timeout applies.
    assertThat(idle.get("/nothing")).startsWith("HTTP/1.1 404");
  }

  @Test
  void aLongPollWaitingLongerThanTheTimeoutIsAnswered() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    String token = Negotiation.token(server.port());
    assertThat(send(poll(token)).statusCode()).isEqualTo(200);
    assertThat(post(token, "{\"protocol\":\"json\",\"version\":1}" + RS).statusCode())
        .isEqualTo(200);
    assertThat(send(poll(token)).body()).isEqualTo("{}" + RS);
    // On a socket of its own: the JDK's client would send a GET again on a new connection if the
    // server closed the first, hiding the close.
    SlowSocket polling = socket();
    CompletableFuture<String[]> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return polling.getWithBody("/echo?id=" + token + "&_=2");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });

    awaitWitnessClosed();
    assertThat(waiting).as("the poll, still waiting").isNotDone();
    post(token, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}"
        + RS);

    String[] answer = waiting.get(10, TimeUnit.SECONDS);
    assertThat(answer[0]).startsWith("HTTP/1.1 200");
    assertThat(answer[1]).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"hi\"}" + RS);
  }

  @Test
  void aWebSocketQuietForLongerThanTheTimeoutStaysOpen() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    RawWebSocketClient client = RawWebSocketClient.handshaken(
        "ws://127.0.0.1:" + server.port() + "/echo?id=" + Negotiation.token(server.port()));
    opened.add(() -> client.socket.abort());

    awaitWitnessClosed();
    client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}"
        + RS);

    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"hi\"}");
    assertThat(client.closeCode).isNotDone();
  }

  @Test
  void aFloodOfSlowClientsLeavesOneWarningAndNoTrackingBehind() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    List<SlowSocket> flood = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SlowSocket slow = socket();
      slow.dribble(50);
      flood.add(slow);
    }

    for (SlowSocket slow : flood) {
      assertThat(slow.awaitClosedByServer()).isTrue();
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("Closed a connection that sent no complete request"
        + " headers within 500 ms: from /127.0.0.1:");
    assertThat(server.headerTimeout().tracked()).as("connections still tracked").isZero();
  }

  @Test
  void anUpgradedConnectionIsNoLongerTracked() throws Exception {
    start(Duration.ofMillis(TIMEOUT_MILLIS));
    String token = Negotiation.token(server.port()); // its connection is closed below
    RawWebSocketClient client = RawWebSocketClient.handshaken(
        "ws://127.0.0.1:" + server.port() + "/echo?id=" + token);
    opened.add(() -> client.socket.abort());

    // The negotiation's kept-alive connection, quiet, stays until the idle timeout; the
    // WebSocket's is the only other one, and it is no longer HTTP.
    assertThat(server.headerTimeout().tracked()).isEqualTo(1);
  }

  private HttpRequest poll(String token) {
    return HttpRequest.newBuilder(URI.create(url(token) + "&_=1"))
        .timeout(Duration.ofSeconds(30)).GET().build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url(token))).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private String url(String token) {
    return "http://127.0.0.1:" + server.port() + "/echo?id=" + token;
  }
}
