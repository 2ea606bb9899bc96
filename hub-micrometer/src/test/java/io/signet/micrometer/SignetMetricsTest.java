package io.signet.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters after a session of the official Java client over WebSockets and long polling:
 * connections per transport, calls by outcome, messages and bytes, negotiations, durations; after
 * an event stream (which the Java client does not speak, so a raw one); and while a client that
 * stopped reading is queued for and then cut off.
 */
class SignetMetricsTest {
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newHttpClient();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Signet signet;
  private SignetServer server;

  /** What the session calls. */
  @HubEndpoint("/metered")
  public static class MeteredHub extends Hub {
    public String echo(String text) {
      return text;
    }

    public int twice(int value) {
      return 2 * value;
    }

    public void fail() {
      throw new HubException("refused");
    }

    public void shout(String text) {
      clients().all().send("Heard", text);
    }
  }

  @BeforeEach
  void start() {
    signet = Signet.builder().hub(MeteredHub.class).observer(new SignetMetrics(registry)).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HubConnection connect(TransportEnum transport) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + server.port() + "/metered")
        .withTransport(transport).build();
    connection.on("Heard", text -> { }, String.class);
    connection.start().blockingAwait();
    return connection;
  }

  private double gauge(String transport) {
    return registry.get(MeterNames.ACTIVE_CONNECTIONS).tag(MeterNames.HUB, "MeteredHub")
        .tag(MeterNames.TRANSPORT, transport).gauge().value();
  }

  private double invocations(String method, String outcome) {
    var counter = registry.find(MeterNames.INVOCATIONS).tag(MeterNames.METHOD, method)
        .tag(MeterNames.OUTCOME, outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aSessionIsMeasured() {
    HubConnection socket = connect(TransportEnum.WEBSOCKETS);
    HubConnection polling = connect(TransportEnum.LONG_POLLING);
    System.gc(); // a gauge whose object only it held would read NaN from now on
    assertThat(gauge("web_sockets")).isEqualTo(1);
    assertThat(gauge("long_polling")).isEqualTo(1);
    assertThat(gauge("server_sent_events")).isZero();
    assertThat(counter(MeterNames.NEGOTIATIONS)).isEqualTo(2);
    assertThat(registry.get(MeterNames.TRANSPORT_REQUESTS).tag(MeterNames.TRANSPORT, "long_polling")
        .counter().count()).isGreaterThanOrEqualTo(1);

    double sentBefore = counter(MeterNames.MESSAGES_SENT);
    assertThat(socket.invoke(String.class, "echo", "hello").blockingGet()).isEqualTo("hello");
    assertThat(polling.invoke(String.class, "echo", "there").blockingGet()).isEqualTo("there");
    assertThatThrownBy(() -> socket.invoke("fail").blockingAwait())
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> socket.invoke("noSuchMethod").blockingAwait())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> socket.invoke(Integer.class, "twice", "not a number").blockingGet())
        .hasMessageContaining("Failed to invoke");
    socket.invoke("shout", "to both").blockingAwait();

    assertThat(invocations("echo", "success")).isEqualTo(2);
    assertThat(invocations("fail", "error")).isEqualTo(1);
    assertThat(invocations("_OTHER", "unknown_method")).isEqualTo(1);
    assertThat(invocations("twice", "binding_failure")).isEqualTo(1);
    assertThat(invocations("shout", "success")).isEqualTo(1);
    Timer echoes = registry.get(MeterNames.INVOCATION_DURATION).tag(MeterNames.METHOD, "echo")
        .tag(MeterNames.OUTCOME, "success").timer();
    assertThat(echoes.count()).isEqualTo(2);
    // Five completions, one per call, and the shout to both clients. Pings may add more.
    assertThat(counter(MeterNames.MESSAGES_SENT) - sentBefore).isGreaterThanOrEqualTo(8);
    assertThat(counter(MeterNames.BYTES_SENT)).isGreaterThan(counter(MeterNames.MESSAGES_SENT));
    assertThat(counter(MeterNames.MESSAGES_RECEIVED)).isGreaterThanOrEqualTo(6);
    assertThat(counter(MeterNames.BYTES_RECEIVED))
        .isGreaterThan(counter(MeterNames.MESSAGES_RECEIVED));

    socket.stop().blockingAwait();
    polling.stop().blockingAwait();
    await(() -> gauge("web_sockets") == 0 && gauge("long_polling") == 0);
    for (String transport : new String[] {"web_sockets", "long_polling"}) {
      Timer durations = registry.get(MeterNames.CONNECTION_DURATION)
          .tag(MeterNames.TRANSPORT, transport).tag(MeterNames.STATUS, "normal_closure").timer();
      assertThat(durations.count()).as(transport).isEqualTo(1);
      assertThat(durations.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }
  }

  @Test
  void connectionsEndedByShutdownAreTaggedSo() {
    connect(TransportEnum.WEBSOCKETS);
    signet.close();
    await(() -> registry.get(MeterNames.CONNECTION_DURATION)
        .tag(MeterNames.TRANSPORT, "web_sockets").tag(MeterNames.STATUS, "app_shutdown")
        .timer().count() == 1);
  }

  @Test
  void anEventStreamIsCountedAsServerSentEvents() throws Exception {
    String token = negotiate();
    HttpResponse<InputStream> stream = http.send(request("/metered?id=" + token)
        .header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(http.send(request("/metered?id=" + token)
        .POST(HttpRequest.BodyPublishers.ofString(HANDSHAKE)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    await(() -> gauge("server_sent_events") == 1);
    assertThat(gauge("web_sockets")).isZero();
    assertThat(gauge("long_polling")).isZero();
    assertThat(registry.get(MeterNames.TRANSPORT_REQUESTS)
        .tag(MeterNames.TRANSPORT, "server_sent_events").counter().count())
        .as("the stream, not the handshake's POST").isEqualTo(1);

    // A Close message, as a client stopping sends: the server ends the stream.
    assertThat(http.send(request("/metered?id=" + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":7}" + RS)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    await(() -> gauge("server_sent_events") == 0);
    stream.body().close();
    assertThat(registry.get(MeterNames.CONNECTION_DURATION)
        .tag(MeterNames.TRANSPORT, "server_sent_events")
        .tag(MeterNames.STATUS, "normal_closure").timer().count()).isEqualTo(1);
  }

  @Test
  void aClientThatStopsReadingIsQueuedForThenCutOffAsASlowConsumer() throws Exception {
    WebSocket stalled = stalledWebSocket();
    await(() -> gauge("web_sockets") == 1);
    assertThat(queuedBytes()).isZero();
    String large = "x".repeat(256 * 1024);
    boolean sawQueued = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    // The kernel's buffers take the first megabytes it does not read; then the outbound queue
    // grows past HubOptions.maximumOutboundBufferSize (1 MiB), and the connection is cut.
    while (slowConsumers("web_sockets") == 0) {
      assertThat(System.nanoTime()).as("the client is cut off within 10 s").isLessThan(deadline);
      signet.hubContext(MeteredHub.class).clients().all().send("Heard", large)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      sawQueued |= queuedBytes() > 0;
    }
    assertThat(sawQueued).as("bytes waited in the outbound queue before the cut").isTrue();
    await(() -> gauge("web_sockets") == 0 && queuedBytes() == 0);
    assertThat(slowConsumers("web_sockets")).isEqualTo(1);
    assertThat(slowConsumers("long_polling") + slowConsumers("server_sent_events")).isZero();
    assertThat(registry.get(MeterNames.CONNECTION_DURATION)
        .tag(MeterNames.TRANSPORT, "web_sockets").tag(MeterNames.STATUS, "timeout")
        .timer().count()).as("a slow consumer's end is tagged as a timeout").isEqualTo(1);
    stalled.abort();
  }

  private double queuedBytes() {
    return registry.get(MeterNames.OUTBOUND_QUEUED).tag(MeterNames.HUB, "MeteredHub")
        .gauge().value();
  }

  private double slowConsumers(String transport) {
    return registry.get(MeterNames.SLOW_CONSUMER_DISCONNECTS).tag(MeterNames.HUB, "MeteredHub")
        .tag(MeterNames.TRANSPORT, transport).counter().count();
  }

  /**
   * A WebSocket that reads the handshake's answer and nothing after it: the JDK's client reads
   * from the socket only while its listener has asked for messages.
   */
  private WebSocket stalledWebSocket() throws Exception {
    CompletableFuture<String> answer = new CompletableFuture<>();
    WebSocket socket = http.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + server.port() + "/metered?id=" + negotiate()),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            answer.complete(data.toString()); // and no request(1): nothing more is read
            return null;
          }
        }).get(5, TimeUnit.SECONDS);
    socket.sendText(HANDSHAKE, true).get(5, TimeUnit.SECONDS);
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("{}" + RS);
    return socket;
  }

  private String negotiate() throws Exception {
    HttpResponse<String> response = http.send(request("/metered/negotiate?negotiateVersion=1")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    Matcher matcher = TOKEN.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10));
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the meters settle within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
      try {
        Thread.sleep(10); // polling a meter: nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
