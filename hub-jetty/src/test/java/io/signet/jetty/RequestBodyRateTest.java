package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies against the minimum request data rate, on loopback: a body dribbled to a
 * servlet that reads it with blocking reads (as the example's REST API does), or to a hub's POST
 * (read asynchronously), is cut off within a bounded time, and the servlet's thread released;
 * honest requests, bodies at a decent pace and handlers that read slowly themselves are served.
 *
 * <p>Most tests shorten the grace period to {@value #GRACE_MILLIS} ms; one runs with the
 * defaults.
 */
class RequestBodyRateTest {
  private static final long GRACE_MILLIS = 1000;
  private static final String RS = "\u001e";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Upload upload = new Upload();
  private final PausingUpload paused = new PausingUpload();
  private SignetServer server;

  private void start(UnaryOperator<SignetServer.Builder> options) {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    server = options.apply(SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .servlet("/upload", upload).servlet("/paused", paused).warningSink(warnings::add))
        .start();
  }

  private void startWithShortGrace() {
    start(builder -> builder.requestBodyGrace(Duration.ofMillis(GRACE_MILLIS)));
  }

  @AfterEach
  void stop() throws Exception {
    paused.release.countDown();
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

  @Test
  void withTheDefaultsABodyDribbledToABlockingServletOrAHubPostIsCutOff() throws Exception {
    start(builder -> builder);
    String token = longPollingConnection();
    String dribbling = longPollingConnection();
    SlowSocket toServlet = socket();
    SlowSocket toHub = socket();
    // A byte every 2 s: far inside the idle timeout (30 s), which every byte restarts.
    toServlet.dribbleBody("/upload", 1000, 2000);
    toHub.dribbleBody("/echo?id=" + dribbling, 1000, 2000);
    await("both bodies are being read", () -> server.bodyRate().tracked() == 2);

    // The grace period (10 s) and a sweep (2.5 s) after they began, with a wide margin.
    assertThat(toServlet.awaitClosedByServer()).as("the servlet's dribbler is closed").isTrue();
    assertThat(toHub.awaitClosedByServer()).as("the hub POST's dribbler is closed").isTrue();

    await("the servlet's thread is released", () -> upload.failures.size() == 1);
    assertThat(upload.failures.get(0)).isInstanceOf(IOException.class);
    await("no body is tracked", () -> server.bodyRate().tracked() == 0);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith(
        "Closed a connection whose request body came slower than 1024 bytes/s: from /127.0.0.1:");
    // The hub's other long-polling connection goes on.
    assertThat(invoke(token, "after")).isEqualTo(200);
  }

  @Test
  void aDribblerIsCutOffWhileAnHonestRequestIsServed() throws Exception {
    startWithShortGrace();
    SlowSocket slow = socket();
    slow.dribbleBody("/upload", 1000, 300);

    HttpResponse<String> honest = post("/upload", "x".repeat(1000));
    assertThat(honest.statusCode()).isEqualTo(200);
    assertThat(honest.body()).isEqualTo("1000");

    assertThat(slow.awaitClosedByServer()).isTrue();
    await("the servlet's thread is released", () -> upload.failures.size() == 1);
    assertThat(post("/upload", "y".repeat(16 * 1024)).body()).isEqualTo("16384");
  }

  @Test
  void aBodyWellAboveTheRateIsServedHoweverLongItTakes() throws Exception {
    startWithShortGrace();
    // 4,000 bytes/s, four times the minimum, for 3 s: three times the grace period.
    String[] answer = socket().postInPieces("/upload", 12_000, 1000, 250);

    assertThat(answer[0]).startsWith("HTTP/1.1 200");
    assertThat(answer[1]).isEqualTo("12000");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aHandlerThatReadsSlowlyItselfIsNotCutOff() throws Exception {
    startWithShortGrace();
    // The whole body at once; the servlet reads a little, then stops reading for a while.
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(
        HttpRequest.newBuilder(uri("/paused")).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("z".repeat(100_000))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(paused.reading.await(10, TimeUnit.SECONDS)).isTrue();

    // A dribbler that began after the servlet paused is cut off: the grace period has passed
    // since, and a sweep has seen the paused request too.
    SlowSocket witness = socket();
    witness.dribbleBody("/upload", 1000, 300);
    assertThat(witness.awaitClosedByServer()).isTrue();
    assertThat(answer).isNotDone();
    paused.release.countDown();

    assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("100000");
  }

  @Test
  void withTheRateSwitchedOffADribblerStaysConnected() throws Exception {
    start(builder -> builder.minRequestDataRate(0).requestBodyGrace(
        Duration.ofMillis(GRACE_MILLIS)));
    assertThat(server.bodyRate()).isNull();
    SlowSocket slow = socket();
    slow.dribbleBody("/upload", 1000, 300);

    // What every server did before the check existed: each byte restarts the idle timeout.
    assertThat(slow.awaitClosedByServer((int) (5 * GRACE_MILLIS))).isFalse();
  }

  @Test
  void aFloodOfDribblersLeavesOneWarningAndNoTrackingBehind() throws Exception {
    startWithShortGrace();
    List<SlowSocket> flood = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SlowSocket slow = socket();
      slow.dribbleBody("/upload", 1000, 300);
      flood.add(slow);
    }

    for (SlowSocket slow : flood) {
      assertThat(slow.awaitClosedByServer()).isTrue();
    }
    await("every servlet thread is released", () -> upload.failures.size() == 20);
    await("no body is tracked", () -> server.bodyRate().tracked() == 0);
    assertThat(warnings).hasSize(1);
  }

  @Test
  void hubPostsAtNormalSpeedAreServed() throws Exception {
    startWithShortGrace();
    String token = longPollingConnection();
    // Many calls in one POST, 200 KB: more than a grace period's worth of the minimum rate.
    StringBuilder calls = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      calls.append("{\"type\":1,\"target\":\"echo\",\"arguments\":[\"").append("p".repeat(60))
          .append("\"]}").append(RS);
    }
    assertThat(post("/echo?id=" + token, calls.toString()).statusCode()).isEqualTo(200);
    assertThat(invoke(token, "last")).isEqualTo(200);
    await("no body is tracked", () -> server.bodyRate().tracked() == 0);
    assertThat(warnings).isEmpty();
  }

  /** Negotiates a long-polling connection and completes its handshake; returns its token. */
  private String longPollingConnection() throws Exception {
    String token = Negotiation.token(server.port());
    assertThat(get("/echo?id=" + token + "&_=1").statusCode()).isEqualTo(200);
    assertThat(post("/echo?id=" + token, "{\"protocol\":\"json\",\"version\":1}" + RS)
        .statusCode()).isEqualTo(200);
    assertThat(get("/echo?id=" + token + "&_=2").body()).isEqualTo("{}" + RS);
    return token;
  }

  /** Calls {@code echo(value)} over the long-polling connection and polls for the answer. */
  private int invoke(String token, String value) throws Exception {
    HttpResponse<String> sent = post("/echo?id=" + token,
        "{\"type\":1,\"invocationId\":\"" + value + "\",\"target\":\"echo\",\"arguments\":[\""
            + value + "\"]}" + RS);
    String expected = "{\"type\":3,\"invocationId\":\"" + value + "\",\"result\":\"" + value
        + "\"}" + RS;
    StringBuilder polled = new StringBuilder();
    for (int i = 0; i < 10 && !polled.toString().endsWith(expected); i++) {
      polled.append(get("/echo?id=" + token + "&_=" + value + i).body());
    }
    assertThat(polled.toString()).endsWith(expected);
    return sent.statusCode();
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    FloodServer.await(what, Duration.ofSeconds(10), condition);
  }

  /**
   * Reads the body with blocking reads, up to 16 KiB and one byte more, as the example's REST API
   * does, and answers its length; records the read failures.
   */
  static final class Upload extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body;
      try (InputStream in = request.getInputStream()) {
        body = in.readNBytes(16 * 1024 + 1);
      } catch (IOException | RuntimeException e) {
        failures.add(e);
        return;
      }
      response.getWriter().print(body.length);
    }
  }

  /** Reads the first bytes of the body, then stops until released, then reads the rest. */
  static final class PausingUpload extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient CountDownLatch reading = new CountDownLatch(1);
    final transient CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      InputStream in = request.getInputStream();
      int length = in.readNBytes(10).length;
      reading.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException(e));
      }
      length += in.readAllBytes().length;
      response.getWriter().print(length);
    }
  }
}
