package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.ServerTransport;
import io.signet.hub.HubContext;
import io.signet.hub.HubOptions;
import io.signet.server.Signet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server with a {@link FloodHub} whose clients get a short transport send timeout, its open
 * sockets visible to the test: what the tests of stalled clients share.
 */
final class FloodServer implements AutoCloseable {
  /** Short, so that the tests notice a stall quickly. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);
  /**
   * The send timeout, the close timeout (5 s) and a wide margin for a loaded machine: a stalled
   * client must be gone well within it, and without the timeouts it never goes.
   */
  static final Duration BOUND = Duration.ofSeconds(20);
  /**
   * The kernel send buffer of the stalled client's socket in the light-traffic tests: what a
   * trickle of messages fills within seconds (see {@link OpenSockets#capSendBuffers}).
   */
  static final int SEND_BUFFER = 16 * 1024;
  /** What each broadcast carries besides its number. */
  static final String PADDING = "x".repeat(1000);
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");

  final Signet signet;
  final SignetServer server;
  final OpenSockets sockets = new OpenSockets();
  /** Ids of the connections the hub has connected and not yet disconnected. */
  final Set<String> live = ConcurrentHashMap.newKeySet();
  final HttpClient http = HttpClient.newHttpClient();

  /**
   * @param transports the transports to serve, or none for those the class path offers
   * @param options more options on top of the send timeout
   */
  FloodServer(Consumer<HubOptions.Builder> options, ServerTransport... transports)
      throws Exception {
    this(options, UnaryOperator.identity(), transports);
  }

  /**
   * @param options more options on top of the send timeout
   * @param server options of the embedded server
   * @param transports the transports to serve, or none for those the class path offers
   */
  FloodServer(Consumer<HubOptions.Builder> options, UnaryOperator<SignetServer.Builder> server,
      ServerTransport... transports) throws Exception {
    Signet.Builder builder = Signet.builder()
        .hub(FloodHub.class, () -> new FloodHub(live))
        .options(o -> options.accept(o.transportSendTimeout(SEND_TIMEOUT)));
    if (transports.length > 0) {
      builder.transports(transports);
    }
    signet = builder.build();
    this.server = server.apply(SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .servlet(OpenSockets.PATH, sockets)).start();
    sockets.probe(this.server);
  }

  HubContext<FloodHub> hub() {
    return signet.hubContext(FloodHub.class);
  }

  String url(String query) {
    return "http://127.0.0.1:" + server.port() + "/flood" + query;
  }

  /** Negotiates a connection and returns its token. */
  String negotiate() throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(url("/negotiate?negotiateVersion=1")))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    Matcher matcher = TOKEN.matcher(body);
    assertThat(matcher.find()).as("a token in %s", body).isTrue();
    return matcher.group(1);
  }

  /** Posts {@code body} to the connection of {@code token}, as the HTTP transports send. */
  void post(String token, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url("?id=" + token)))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError("POST failed", e);
    }
  }

  /** Waits up to {@code within} for a condition the server reaches on its own. */
  static void await(String what, Duration within, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * Broadcasts messages {@code from} to {@code from + count - 1}; {@code reader} gets each, in
   * order. Keeps the reader within {@code count} messages of the server.
   *
   * @return the next message's number
   */
  int sendAndRead(RawWebSocketClient reader, int from, int count) throws InterruptedException {
    for (int i = from; i < from + count; i++) {
      hub().clients().all().send("Tick", i, PADDING);
    }
    for (int i = from; i < from + count; i++) {
      assertThat(reader.next()).contains("\"target\":\"Tick\",\"arguments\":[" + i + ",");
    }
    return from + count;
  }

  /** A WebSocket client of the hub that reads everything. */
  RawWebSocketClient reader() throws Exception {
    return RawWebSocketClient.handshaken(
        "ws://127.0.0.1:" + server.port() + "/flood?id=" + negotiate());
  }

  /** Ends {@code reader}'s connection; then no connection is left, in the registry or the hub. */
  void endReader(RawWebSocketClient reader) throws Exception {
    reader.sendText("{\"type\":7}" + RawWebSocketClient.RS);
    assertThat(reader.awaitClose()).isEqualTo(1000);
    await("every connection is forgotten", Duration.ofSeconds(5),
        () -> signet.registeredConnectionCount() == 0 && live.isEmpty());
  }

  @Override
  public void close() {
    server.close();
  }
}
