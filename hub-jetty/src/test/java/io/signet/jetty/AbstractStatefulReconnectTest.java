package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubContext;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stateful reconnect over real sockets: a raw client does the protocol by hand and cuts its TCP
 * connection with a reset; each WebSocket transport runs these in a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractStatefulReconnectTest {
  private static final String HANDSHAKE_V1 = "{\"protocol\":\"json\",\"version\":1}";
  private static final String HANDSHAKE_V2 = "{\"protocol\":\"json\",\"version\":2}";
  private static final Pattern ID = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();

  private SignetServer server;
  private HubContext<ResumeHub> hub;
  private HubContext<SmallBufferResumeHub> smallBufferHub;

  /** Chooses the transports of the Signet under test. */
  abstract Signet.Builder transports(Signet.Builder builder);

  @BeforeAll
  void start() {
    Signet signet = transports(Signet.builder())
        .hub(ResumeHub.class)
        .configure("/resume", o -> o.allowStatefulReconnects(true)
            .disconnectTimeout(Duration.ofSeconds(30)))
        .hub("/resume-briefly", ResumeHub.class)
        .configure("/resume-briefly", o -> o.allowStatefulReconnects(true)
            .disconnectTimeout(Duration.ofMillis(500)))
        .hub(SmallBufferResumeHub.class)
        .configure("/resume-small", o -> o.allowStatefulReconnects(true)
            .disconnectTimeout(Duration.ofSeconds(30)).statefulReconnectBufferSize(300))
        .hub("/no-resume", ResumeHub.class)
        .build();
    hub = signet.hubContext(ResumeHub.class);
    smallBufferHub = signet.hubContext(SmallBufferResumeHub.class);
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void clearEvents() {
    ResumeHub.EVENTS.clear();
  }

  /** A negotiated connection: its id, its token, and the whole answer. */
  record Negotiated(String id, String token, String body) {}

  private Negotiated negotiate(String path, String query) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + path + "/negotiate?negotiateVersion=1" + query))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    Matcher id = ID.matcher(body);
    Matcher token = TOKEN.matcher(body);
    assertThat(id.find() && token.find()).as("ids in " + body).isTrue();
    return new Negotiated(id.group(1), token.group(1), body);
  }

  private Negotiated negotiateStateful(String path) throws Exception {
    return negotiate(path, "&useStatefulReconnect=true");
  }

  private CuttableWebSocket open(String path, Negotiated connection) throws Exception {
    return CuttableWebSocket.connect(server.port(), path + "?id=" + connection.token());
  }

  private int upgradeStatus(String path, Negotiated connection) throws Exception {
    CuttableWebSocket.Upgrade upgrade =
        CuttableWebSocket.open(server.port(), path + "?id=" + connection.token());
    if (upgrade.client() != null) {
      upgrade.client().close();
    }
    return upgrade.status();
  }

  /** Opens and completes a handshake of {@code handshake}'s version. */
  private CuttableWebSocket handshaken(String path, Negotiated connection, String handshake)
      throws Exception {
    CuttableWebSocket client = open(path, connection);
    client.send(handshake);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(nextEvent()).isEqualTo("connected " + connection.id());
    return client;
  }

  private static String nextEvent() throws InterruptedException {
    String event = ResumeHub.EVENTS.poll(30, TimeUnit.SECONDS);
    assertThat(event).as("a hub event within 30 s").isNotNull();
    return event;
  }

  /** Waits up to 30 s for a condition the server reaches asynchronously. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static List<Integer> recorded(Negotiated connection) {
    List<Integer> numbers = ResumeHub.RECORDED.getOrDefault(connection.id(), List.of());
    synchronized (numbers) {
      return List.copyOf(numbers);
    }
  }

  private static String record(int number) {
    return "{\"type\":1,\"target\":\"record\",\"arguments\":[" + number + "]}";
  }

  private static String tick(int number) {
    return "{\"type\":1,\"target\":\"Tick\",\"arguments\":[" + number + "]}";
  }

  @Test
  void negotiateGrantsStatefulReconnectOnlyWhenAskedAndAllowed() throws Exception {
    assertThat(negotiate("/resume", "&USESTATEFULRECONNECT=True").body())
        .startsWith("{\"useStatefulReconnect\":true,\"negotiateVersion\":1,");
    assertThat(negotiate("/resume", "").body()).doesNotContain("useStatefulReconnect");
    assertThat(negotiate("/resume", "&useStatefulReconnect=false").body())
        .doesNotContain("useStatefulReconnect");
    assertThat(negotiate("/no-resume", "&useStatefulReconnect=true").body())
        .doesNotContain("useStatefulReconnect");
  }

  @Test
  void afterACutTheConnectionResumesWithEveryMessageOnceAndInOrder() throws Exception {
    Negotiated connection = negotiateStateful("/resume");
    CuttableWebSocket first = handshaken("/resume", connection, HANDSHAKE_V2);
    // The client's trackable messages 1 to 4; the server's 1 and 2 are the completions.
    first.send("{\"type\":1,\"invocationId\":\"0\",\"target\":\"join\",\"arguments\":[\"g\"]}");
    assertThat(first.next()).isEqualTo("{\"type\":3,\"invocationId\":\"0\",\"result\":null}");
    first.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"keep\",\"arguments\":[\"v\"]}");
    assertThat(first.next()).startsWith("{\"type\":3,\"invocationId\":\"1\"");
    first.send(record(1));
    first.send(record(2));
    first.awaitAck(4); // within a second or so

    assertThat(recorded(connection)).containsExactly(1, 2);
    for (int i = 1; i <= 3; i++) {
      hub.clients().group("g").send("Tick", i); // the server's 3 to 5
    }
    for (int i = 1; i <= 3; i++) {
      assertThat(first.next()).isEqualTo(tick(i));
    }
    first.send("{\"type\":8,\"sequenceId\":3}"); // the completions and Tick 1
    // A call after the Ack (the client's 5, the server's 6): its answer shows the Ack was
    // processed, so the reset below cannot take it with it.
    first.send("{\"type\":1,\"invocationId\":\"2\",\"target\":\"kept\",\"arguments\":[]}");
    assertThat(first.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"v\"}");

    first.cut();
    hub.clients().group("g").send("Tick", 4); // to a socket that is gone, or kept meanwhile

    CuttableWebSocket second = open("/resume", connection);
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":4}");
    assertThat(second.next()).isEqualTo(tick(2));
    assertThat(second.next()).isEqualTo(tick(3));
    assertThat(second.next()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"v\"}");
    assertThat(second.next()).isEqualTo(tick(4));
    // As a client whose last Ack was lost: it resends its 3 to 5, then goes on with 6 and 7.
    // The resent call 5 must not run again: no second answer to invocation 2.
    second.send("{\"type\":9,\"sequenceId\":3}");
    second.send(record(1));
    second.send(record(2));
    second.send("{\"type\":1,\"invocationId\":\"2\",\"target\":\"kept\",\"arguments\":[]}");
    second.send(record(3));
    second.send("{\"type\":1,\"invocationId\":\"5\",\"target\":\"kept\",\"arguments\":[]}");
    assertThat(second.next()).isEqualTo("{\"type\":3,\"invocationId\":\"5\",\"result\":\"v\"}");
    assertThat(recorded(connection)).containsExactly(1, 2, 3);
    hub.clients().group("g").send("Tick", 5);
    assertThat(second.next()).as("still in its group").isEqualTo(tick(5));
    second.awaitAck(7);
    assertThat(ResumeHub.EVENTS).as("no onDisconnected, no second onConnected").isEmpty();

    second.send("{\"type\":7}");
    second.sendClose(1000);
    assertThat(second.awaitClosed()).isEqualTo(1000);
    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
  }

  @Test
  void aWebSocketOpenedWhileTheFirstStillSeemsOpenTakesOver() throws Exception {
    Negotiated connection = negotiateStateful("/resume");
    CuttableWebSocket first = handshaken("/resume", connection, HANDSHAKE_V2);
    first.send(record(1));
    await("the first call ran", () -> recorded(connection).size() == 1);
    // The client saw its network go and came back before the server noticed anything.
    CuttableWebSocket second = open("/resume", connection);
    assertThat(first.awaitClosed()).as("aborted, without a close frame").isEqualTo(-1);
    assertThat(second.next()).isEqualTo("{\"type\":9,\"sequenceId\":1}");
    second.send("{\"type\":9,\"sequenceId\":2}");
    second.send(record(2));
    await("the second call ran", () -> recorded(connection).size() == 2);
    assertThat(recorded(connection)).containsExactly(1, 2);
    assertThat(ResumeHub.EVENTS).isEmpty();
    second.cut();
  }

  @Test
  void withoutStatefulReconnectASecondWebSocketIsStillRefusedWith409() throws Exception {
    Negotiated plain = negotiate("/resume", "");
    CuttableWebSocket first = handshaken("/resume", plain, HANDSHAKE_V2);
    assertThat(upgradeStatus("/resume", plain)).isEqualTo(409);

    // Granted at negotiate, but the handshake's version 1 turned it off.
    Negotiated versionOne = negotiateStateful("/resume");
    CuttableWebSocket second = handshaken("/resume", versionOne, HANDSHAKE_V1);
    assertThat(upgradeStatus("/resume", versionOne)).isEqualTo(409);

    Negotiated notAllowed = negotiateStateful("/no-resume");
    CuttableWebSocket third = handshaken("/no-resume", notAllowed, HANDSHAKE_V2);
    assertThat(upgradeStatus("/no-resume", notAllowed)).isEqualTo(409);

    // And a cut then ends each of them at once (with the socket's error).
    first.cut();
    second.cut();
    third.cut();
    List<String> ended = List.of(nextEvent(), nextEvent(), nextEvent()).stream()
        .map(event -> event.substring(0, event.lastIndexOf(' '))).toList();
    assertThat(ended).containsExactlyInAnyOrder("disconnected " + plain.id(),
        "disconnected " + versionOne.id(), "disconnected " + notAllowed.id());
  }

  @Test
  void aCleanCloseEndsTheConnectionForGood() throws Exception {
    Negotiated connection = negotiateStateful("/resume");
    CuttableWebSocket client = handshaken("/resume", connection, HANDSHAKE_V2);
    client.sendClose(1000);
    assertThat(client.awaitClosed()).isEqualTo(1000);
    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
    assertThat(upgradeStatus("/resume", connection)).isEqualTo(404);
  }

  @Test
  void theHubAbortingEndsTheConnectionForGood() throws Exception {
    Negotiated connection = negotiateStateful("/resume");
    CuttableWebSocket client = handshaken("/resume", connection, HANDSHAKE_V2);
    client.send("{\"type\":1,\"target\":\"abort\",\"arguments\":[]}");
    assertThat(client.next()).isEqualTo("{\"type\":7}");
    assertThat(client.awaitClosed()).isEqualTo(1000);
    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
    assertThat(upgradeStatus("/resume", connection)).isEqualTo(404);
  }

  @Test
  void aClientThatDoesNotComeBackInTimeIsDisconnectedOnce() throws Exception {
    // The window also bounds how long a negotiated connection waits for its WebSocket: on a
    // loaded machine that can pass before the socket is up, so negotiate again then.
    Negotiated connection = null;
    CuttableWebSocket client = null;
    for (int attempt = 0; client == null && attempt < 10; attempt++) {
      connection = negotiateStateful("/resume-briefly");
      CuttableWebSocket.Upgrade upgrade = CuttableWebSocket.open(
          server.port(), "/resume-briefly?id=" + connection.token());
      client = upgrade.client();
    }
    assertThat(client).as("a WebSocket up within the window, in 10 attempts").isNotNull();
    client.send(HANDSHAKE_V2);
    assertThat(client.next()).isEqualTo("{}");
    assertThat(nextEvent()).isEqualTo("connected " + connection.id());
    client.cut();
    assertThat(nextEvent()).isEqualTo("disconnected " + connection.id() + " null");
    assertThat(upgradeStatus("/resume-briefly", connection)).isEqualTo(404);
    assertThat(ResumeHub.EVENTS).isEmpty();
  }

  @Test
  void messagesBeyondTheBufferWhileTheClientIsAwayEndTheConnectionWithAClearError()
      throws Exception {
    Negotiated connection = negotiateStateful("/resume-small");
    CuttableWebSocket client = handshaken("/resume-small", connection, HANDSHAKE_V2);
    client.cut();
    // The first sends may still go to the dying socket; once the server has noticed, they are
    // kept, and those beyond 300 unacknowledged bytes end the connection.
    String event = null;
    for (int i = 0; event == null && i < 1000; i++) {
      smallBufferHub.clients().client(connection.id()).send("Tick", "message number " + i);
      event = ResumeHub.EVENTS.poll(10, TimeUnit.MILLISECONDS);
    }
    assertThat(event).isEqualTo(
        "disconnected " + connection.id() + " StatefulReconnectBufferFullException");
    assertThat(upgradeStatus("/resume-small", connection)).isEqualTo(404);
  }
}
