package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws arbitrary and damaged bodies at the POSTs of long-polling connections over real HTTP:
 * random bytes, valid messages cut and spliced at random, bodies around
 * {@code maximumPostBodySize}, sent with a length or chunked, one or several at once. Every POST
 * is answered {@code 200}, {@code 404} (its connection had already ended), {@code 409} (too many
 * waiting) or {@code 413} (too large) in time, never a server error; a poll afterwards is answered
 * too; and once the client leaves, the server holds no connection.
 */
class PostBodyFuzzTest {
  private static final String RS = "\u001e";
  private static final int LIMIT = 2048;
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final List<String> PIECES = List.of(
      "{\"type\":1,\"invocationId\":\"1\",\"target\":\"add\",\"arguments\":[1,2]}" + RS,
      "{\"type\":1,\"target\":\"echo\",\"arguments\":[\"x\"]}" + RS,
      "{\"type\":6}" + RS,
      "{\"type\":7}" + RS,
      "{\"type\":4,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[\"s\"],\"streamIds\":[\"9\"]}" + RS,
      "{\"type\":2,\"invocationId\":\"9\",\"item\":1}" + RS,
      "{\"protocol\":\"json\",\"version\":1}" + RS,
      "{\"type\":", "[[[[[[", "\"\\u00", "\u00ff\u00fe", RS, "}", "\u0000");

  private static HttpClient http;
  private static SignetServer server;
  private static Signet signet;

  @BeforeContainer
  static void start() {
    signet = Signet.builder()
        .hub(EchoHub.class)
        .options(o -> o.maximumPostBodySize(LIMIT).maximumReceiveMessageSize(1024)
            .longPollTimeout(Duration.ofMillis(10)).longPollPacing(Duration.ZERO))
        .build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
    http = HttpClient.newHttpClient();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property
  void everyPostIsAnsweredAndNothingIsLeftBehind(
      @ForAll("bodies") List<byte[]> bodies, @ForAll boolean chunked) throws Exception {
    String token = connect();

    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    for (byte[] body : bodies) {
      posts.add(http.sendAsync(post(token, body, chunked), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < posts.size(); i++) {
      try {
        assertThat(posts.get(i).get(10, TimeUnit.SECONDS).statusCode()).isIn(200, 404, 409, 413);
      } catch (ExecutionException e) {
        throw new AssertionError("POST " + i + " of bodies of "
            + bodies.stream().map(body -> body.length).toList() + " bytes"
            + (chunked ? ", chunked," : "") + " got no answer", e.getCause());
      }
    }
    assertThat(send(poll(token)).statusCode()).isIn(200, 204, 404);

    assertThat(send(HttpRequest.newBuilder(url(token)).DELETE().build()).statusCode())
        .isIn(202, 404);
    AbstractWebSocketTransportTest.await("the connection is forgotten",
        () -> signet.registeredConnectionCount() == 0);
  }

  @Provide
  Arbitrary<List<byte[]>> bodies() {
    Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * LIMIT);
    Arbitrary<byte[]> spliced = Arbitraries.of(PIECES).list().ofMaxSize(80)
        .map(pieces -> String.join("", pieces).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> aroundTheLimit = Arbitraries.integers().between(LIMIT - 30, LIMIT + 30)
        .map(size -> ("{\"type\":6}" + RS).repeat(size / 11 + 1).substring(0, size)
            .getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(randomBytes, spliced, aroundTheLimit).list().ofMinSize(1)
        .ofMaxSize(3);
  }

  private static URI url(String token) {
    return URI.create("http://127.0.0.1:" + server.port() + "/echo?id=" + token);
  }

  private static HttpRequest poll(String token) {
    return HttpRequest.newBuilder(url(token)).GET().build();
  }

  private static HttpRequest post(String token, byte[] body, boolean chunked) {
    HttpRequest.BodyPublisher publisher = chunked
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : HttpRequest.BodyPublishers.ofByteArray(body);
    return HttpRequest.newBuilder(url(token)).timeout(Duration.ofSeconds(10)).POST(publisher)
        .build();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
  }

  /** A long-polling connection past its handshake. */
  private static String connect() throws Exception {
    HttpResponse<String> negotiated = send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + "/echo/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    Matcher matcher = TOKEN.matcher(negotiated.body());
    assertThat(matcher.find()).isTrue();
    String token = matcher.group(1);
    assertThat(send(poll(token)).statusCode()).isEqualTo(200);
    byte[] handshake = ("{\"protocol\":\"json\",\"version\":1}" + RS).getBytes(StandardCharsets.UTF_8);
    assertThat(send(post(token, handshake, false)).statusCode()).isEqualTo(200);
    String answer = "";
    while (answer.isEmpty()) { // polls are answered empty after 10 ms
      HttpResponse<String> polled = send(poll(token));
      assertThat(polled.statusCode()).isEqualTo(200);
      answer = polled.body();
    }
    assertThat(answer).isEqualTo("{}" + RS);
    return token;
  }
}
