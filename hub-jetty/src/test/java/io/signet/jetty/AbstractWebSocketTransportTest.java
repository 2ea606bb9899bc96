package io.signet.jetty;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.server.Signet;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WebSocket transport against raw and hostile clients; each transport runs these in a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWebSocketTransportTest {
  private static final String CLOSED_WITH_ERROR =
      "{\"type\":7,\"error\":\"Connection closed with an error.\",\"allowReconnect\":true}";
  SignetServer server;
  Signet signet;

  /** Chooses the transports of the Signet under test. */
  abstract Signet.Builder transports(Signet.Builder builder);

  /** Adds to the server under test, for subclasses' own checks. */
  SignetServer.Builder serverExtras(SignetServer.Builder builder) {
    return builder;
  }

  @BeforeAll
  void start() {
    signet = transports(Signet.builder())
        .hub(EchoHub.class)
        .options(o -> o.disconnectTimeout(Duration.ofMillis(500)).maximumReceiveMessageSize(1000))
        .build();
    server = serverExtras(SignetServer.builder()).host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  String ws(String query) {
    return "ws://127.0.0.1:" + server.port() + "/echo" + query;
  }

  private String negotiate() throws Exception {
    return Negotiation.token(server.port());
  }

  /** Waits up to 5 s for a condition the server reaches asynchronously. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void servesANegotiatedConnection() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    client.sendText("{\"type\":6}" + RawWebSocketClient.RS
        + "{\"arguments\":[2,3],\"invocationId\":\"0\",\"target\":\"Add\",\"type\":1}"
        + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"0\",\"result\":5}");
    client.sendText("{\"type\":7}" + RawWebSocketClient.RS);
    assertThat(client.awaitClose()).isEqualTo(1000);
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void skipNegotiationCreatesAConnectionOnTheSpot() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws(""));
    client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"x\"]}"
        + RawWebSocketClient.RS);
    assertThat(client.next()).contains("\"result\":\"x\"");
    client.socket.abort();
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void acceptsBinaryFramesAndMessagesSplitAcrossFrames() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.connect(ws("?id=" + negotiate()));
    client.sendBinary("{\"protocol\":\"json\",\"version\":1}" + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo("{}");
    String message = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"é😀\"]}"
        + RawWebSocketClient.RS;
    client.socket.sendText(message.substring(0, 20), false).get();
    client.socket.sendText(message.substring(20), true).get();
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"é😀\"}");
    client.sendBinary(message.replace("\"1\"", "\"2\""));
    assertThat(client.next()).contains("\"invocationId\":\"2\"");
    client.socket.abort();
  }

  @Test
  void refusesUnknownTokensAndASecondSocket() throws Exception {
    assertThatThrownBy(() -> RawWebSocketClient.connect(ws("?id=unknown")))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
            .isEqualTo(404));
    String token = negotiate();
    RawWebSocketClient first = RawWebSocketClient.handshaken(ws("?id=" + token));
    assertThatThrownBy(() -> RawWebSocketClient.connect(ws("?id=" + token)))
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
            .isEqualTo(409));
    first.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"ok\"]}"
        + RawWebSocketClient.RS);
    assertThat(first.next()).contains("\"result\":\"ok\"");
    first.socket.abort();
  }

  /**
   * A client's pings and its close come while the server writes a stream of messages: the pongs
   * and the close answer must not cut into a message (the Jetty transport writes data frames to
   * the socket itself, and hands it to Jetty for these).
   */
  @Test
  void pingsAndACloseMeetAStreamOfMessagesWithoutCuttingOne() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    String payload = "p".repeat(8_000);
    int rounds = 20;
    int perRound = 40;
    for (int round = 0; round < rounds; round++) {
      client.sendText("{\"type\":1,\"target\":\"burst\",\"arguments\":[" + round + ","
          + perRound + "," + payload.length() + "]}" + RawWebSocketClient.RS);
      client.socket.sendPing(ByteBuffer.wrap(("ping " + round).getBytes(UTF_8)))
          .get(5, TimeUnit.SECONDS);
      for (int i = 0; i < perRound; i++) {
        assertThat(client.next()).isEqualTo("{\"type\":1,\"target\":\"Part\",\"arguments\":["
            + round + "," + i + ",\"" + payload + "\"]}");
      }
      assertThat(client.pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("ping " + round);
    }
    client.sendText("{\"type\":1,\"target\":\"burst\",\"arguments\":[" + rounds + ","
        + perRound + "," + payload.length() + "]}" + RawWebSocketClient.RS);
    client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    assertThat(client.awaitClose()).isEqualTo(1000);
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void aMalformedFrameEndsOnlyThatConnection() throws Exception {
    RawWebSocketClient bystander = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    RawWebSocketClient hostile = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    hostile.sendText("{\"type\":1,\"target\":" + RawWebSocketClient.RS);
    assertThat(hostile.next()).isEqualTo(CLOSED_WITH_ERROR);
    assertThat(hostile.awaitClose()).isEqualTo(1000);
    bystander.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[1,1]}"
        + RawWebSocketClient.RS);
    assertThat(bystander.next()).contains("\"result\":2");
    bystander.socket.abort();
    await("both connections are forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.signet.jetty.HostileMessagePack#frames")
  void hostileMessagePackEndsOnlyThatConnectionWithAnError(String what, byte[] frame)
      throws Exception {
    RawWebSocketClient bystander = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    RawWebSocketClient hostile = RawWebSocketClient.connect(ws("?id=" + negotiate()));
    hostile.sendBinary(HostileMessagePack.HANDSHAKE);
    assertThat(hostile.nextHandshakeAnswer()).isEqualTo("{}");
    hostile.socket.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
    HostileMessagePack.assertClosedWithError(hostile.nextBinary());
    assertThat(hostile.awaitClose()).isEqualTo(1000);
    bystander.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[1,1]}"
        + RawWebSocketClient.RS);
    assertThat(bystander.next()).contains("\"result\":2");
    bystander.socket.abort();
    await("both connections are forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void aBadHandshakeGetsAnErrorAndTheSocketCloses() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.connect(ws("?id=" + negotiate()));
    client.sendText("{\"protocol\":\"xml\",\"version\":1}" + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo("{\"error\":\"The protocol 'xml' is not supported.\"}");
    assertThat(client.awaitClose()).isEqualTo(1000);
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void argumentsThatDoNotBindFailOnlyThatCall() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":"
        + "[{\"a\":1},[]]}" + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":"
        + "\"Failed to invoke 'add' due to an error on the server.\"}");
    client.sendText("{\"type\":1,\"invocationId\":\"2\",\"target\":\"add\",\"arguments\":[1,2]}"
        + RawWebSocketClient.RS);
    assertThat(client.next()).contains("\"result\":3");
    client.socket.abort();
  }

  @Test
  void aMessageOverTheLimitClosesWithAnError() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\""
        + "x".repeat(2000) + "\"]}" + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    assertThat(client.awaitClose()).isEqualTo(1000);
  }

  @Test
  void negotiatedConnectionsThatNeverConnectAreSwept() throws Exception {
    negotiate();
    negotiate();
    assertThat(signet.registeredConnectionCount()).isGreaterThanOrEqualTo(2);
    await("unused connections are swept", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void anUpgradeWithoutItsWebSocketHeadersIsRefusedAndTheConnectionForgotten() throws Exception {
    String token = negotiate();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET /echo?id=" + token + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
          .getBytes(UTF_8));
      String statusLine = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), UTF_8)).readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 400");
    }
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }

  @Test
  void aFrameLargerThanJettysFrameSizeStillMeetsTheHubLimit() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    // 200 KB in one frame: over Jetty's 64 KB frame size, so it arrives in pieces; the hub's own
    // limit then refuses it with SignalR's error, not a bare WebSocket close.
    client.sendText("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\""
        + "x".repeat(200_000) + "\"]}" + RawWebSocketClient.RS);
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    assertThat(client.awaitClose()).isEqualTo(1000);
  }

  @Test
  void invalidUtf8InABinaryFrameEndsThatConnectionWithAnError() throws Exception {
    RawWebSocketClient client = RawWebSocketClient.handshaken(ws("?id=" + negotiate()));
    byte[] start = "{\"type\":1,\"target\":\"echo\",\"arguments\":[\"".getBytes(UTF_8);
    byte[] end = ("\"]}" + RawWebSocketClient.RS).getBytes(UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(start.length + 2 + end.length)
        .put(start).put((byte) 0xC3).put((byte) 0x28).put(end).flip();
    client.socket.sendBinary(frame, true).get();
    assertThat(client.next()).isEqualTo(CLOSED_WITH_ERROR);
    assertThat(client.awaitClose()).isEqualTo(1000);
    await("the connection is forgotten", () -> signet.registeredConnectionCount() == 0);
  }
}
