package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.jetty.SignetServer;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stateful reconnect with two nodes on one Redis, as ASP.NET Core does it with a backplane: the
 * replay buffer lives on the node serving the connection, a WebSocket cut and resumed on that
 * node carries on, and one that reaches the other node is refused there, so the connection on
 * its owner ends after its window. Run with the connection directory (no sticky sessions) and
 * without it (sticky sessions).
 */
class StatefulReconnectAcrossNodesTest {
  private static final String HANDSHAKE_V2 = "{\"protocol\":\"json\",\"version\":2}";
  private static final Pattern ID = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();

  /** How the nodes share connections. */
  enum Mode {
    DIRECTORY, STICKY_SESSIONS
  }

  private static RedisServer redis;
  private static final Map<Mode, List<SignetServer>> nodes = new EnumMap<>(Mode.class);
  private static final Map<Mode, List<Signet>> signets = new EnumMap<>(Mode.class);

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    for (Mode mode : Mode.values()) {
      nodes.put(mode, new ArrayList<>());
      signets.put(mode, new ArrayList<>());
      for (int i = 0; i < 2; i++) {
        Signet signet = Signet.builder()
            .hub(ResumeHub.class)
            .configure("/resume", o -> o.allowStatefulReconnects(true)
                .disconnectTimeout(Duration.ofSeconds(30)))
            .hub(BriefResumeHub.class)
            .configure("/resume-briefly", o -> o.allowStatefulReconnects(true)
                .disconnectTimeout(Duration.ofSeconds(2)))
            .scaleOut(RedisScaleOut.builder(redis.uri())
                .stickySessions(mode == Mode.STICKY_SESSIONS).build())
            .build();
        signets.get(mode).add(signet);
        nodes.get(mode).add(
            SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start());
      }
    }
  }

  @AfterAll
  static void stop() {
    nodes.values().forEach(list -> list.forEach(SignetServer::close));
    redis.close();
  }

  @BeforeEach
  void clearEvents() {
    ResumeHub.EVENTS.clear();
  }

  /** A negotiated connection: its id and token. */
  record Negotiated(String id, String token) {}

  private static String url(Mode mode, int node, String path) {
    return "http://127.0.0.1:" + nodes.get(mode).get(node).port() + path;
  }

  private static Negotiated negotiate(Mode mode, int node, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(mode, node, path)
            + "/negotiate?negotiateVersion=1&useStatefulReconnect=true"))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).as("granted in every mode")
        .startsWith("{\"useStatefulReconnect\":true,\"negotiateVersion\":1,");
    Matcher id = ID.matcher(body);
    Matcher token = TOKEN.matcher(body);
    assertThat(id.find() && token.find()).as("ids in " + body).isTrue();
    return new Negotiated(id.group(1), token.group(1));
  }

  private static String socketUrl(Mode mode, int node, String path, Negotiated connection) {
    return url(mode, node, path) + "?id=" + connection.token();
  }

  private static String nextEvent() throws InterruptedException {
    String event = ResumeHub.EVENTS.poll(30, TimeUnit.SECONDS);
    assertThat(event).as("a hub event within 30 s").isNotNull();
    return event;
  }

  private static String tick(int number) {
    return "{\"type\":1,\"target\":\"Tick\",\"arguments\":[" + number + "]}";
  }

  private static String whoAmI(String invocationId) {
    return "{\"type\":1,\"invocationId\":\"" + invocationId
        + "\",\"target\":\"whoAmI\",\"arguments\":[]}";
  }

  private static String answer(String invocationId, String result) {
    return "{\"type\":3,\"invocationId\":\"" + invocationId + "\",\"result\":\"" + result + "\"}";
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aCutWebSocketResumesOnItsOwnNodeWithEveryMessageOnce(Mode mode) throws Exception {
    Negotiated connection = negotiate(mode, 0, "/resume");
    RawWebSocket first = RawWebSocket.connect(socketUrl(mode, 0, "/resume", connection));
    first.send(HANDSHAKE_V2);
    assertThat(first.next()).isEqualTo("{}");
    assertThat(nextEvent()).isEqualTo("connected " + connection.id());
    // Sends from the other node reach the connection through Redis.
    var fromOtherNode = signets.get(mode).get(1).hubContext(ResumeHub.class);
    fromOtherNode.clients().client(connection.id()).send("Tick", 1); // the server's 1
    assertThat(first.next()).isEqualTo(tick(1));
    first.send("{\"type\":8,\"sequenceId\":1}");
    first.send(whoAmI("0")); // the client's 1; its answer, the server's 2, follows the Ack
    assertThat(first.next()).isEqualTo(answer("0", connection.id()));
    first.awaitAck(1);

    first.cut();
    fromOtherNode.clients().client(connection.id()).send("Tick", 2); // kept on node 0

    RawWebSocket second = RawWebSocket.connect(socketUrl(mode, 0, "/resume", connection));
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":2}");
    assertThat(second.next()).isEqualTo(answer("0", connection.id()));
    assertThat(second.next()).isEqualTo(tick(2));
    second.send("{\"type\":9,\"sequenceId\":2}");
    second.send(whoAmI("1"));
    assertThat(second.next()).as("the same connection").isEqualTo(answer("1", connection.id()));
    fromOtherNode.clients().client(connection.id()).send("Tick", 3);
    assertThat(second.next()).isEqualTo(tick(3));
    assertThat(ResumeHub.EVENTS).as("no onDisconnected, no second onConnected").isEmpty();

    second.leave();
    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aResumeOnTheOtherNodeIsRefusedAndTheConnectionEndsOnceAfterItsWindow(Mode mode)
      throws Exception {
    // The window also bounds how long a negotiated connection waits for its WebSocket: on a
    // loaded machine that can pass before the socket is up, so negotiate again then.
    Negotiated connection = null;
    RawWebSocket[] opened = new RawWebSocket[1];
    for (int attempt = 0; opened[0] == null && attempt < 10; attempt++) {
      connection = negotiate(mode, 0, "/resume-briefly");
      RawWebSocket.open(socketUrl(mode, 0, "/resume-briefly", connection), opened);
    }
    RawWebSocket client = opened[0];
    assertThat(client).as("a WebSocket up within the window, in 10 attempts").isNotNull();
    client.send(HANDSHAKE_V2);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(nextEvent()).isEqualTo("connected " + connection.id());

    client.cut();
    RawWebSocket[] resumed = new RawWebSocket[1];
    // Node 1 cannot take a WebSocket over from node 0: with the directory it knows the
    // connection is held there (409), with sticky sessions it does not know it at all (404).
    int refused = RawWebSocket.open(socketUrl(mode, 1, "/resume-briefly", connection), resumed);
    assertThat(refused).isEqualTo(mode == Mode.DIRECTORY ? 409 : 404);
    assertThat(resumed[0]).isNull();

    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
    int afterTheEnd = RawWebSocket.open(socketUrl(mode, 0, "/resume-briefly", connection),
        resumed);
    assertThat(afterTheEnd).as("ended on its owner").isEqualTo(404);
    assertThat(ResumeHub.EVENTS).as("onDisconnected once").isEmpty();
  }
}
