package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signet.hub.HubUser;
import io.signet.server.Signet;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens, connection tokens and message contents never reach the log, at any level: with
 * Signet's loggers at TRACE (this class runs in a JVM of its own, see the module's pom), every
 * transport is driven with tokens in headers and in {@code access_token} query parameters, rightly
 * and wrongly, and a marker is sent in arguments, in an argument that does not bind, in malformed
 * JSON and in a malformed handshake, with detailed errors on (the most Signet tells anyone about
 * a failure). The log written meanwhile must mention none of them, though the hub logs the
 * request that connected ({@code context().request()}) and Signet logs each failure.
 */
class SecretsNeverLoggedTest {
  private static final String GOOD = "bearer-3f9c1d7e5a";
  private static final String WRONG = "bearer-wrong-8b2e4c6a0d";
  /** Message content: it must reach the client, and never the log. */
  private static final String MARKER = "content7d41b9e2c0";
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final String CALL =
      "{\"type\":1,\"invocationId\":\"1\",\"target\":\"whoAmI\",\"arguments\":[]}" + RS;
  static {
    // As the pom's execution sets it; slf4j-simple reads a logger's level when the logger is
    // made, so this holds as long as no Signet class has logged in this JVM before.
    System.setProperty("org.slf4j.simpleLogger.log.io.signet", "trace");
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> connectionTokens = new ArrayList<>();
  private SignetServer server;

  @Test
  void noTokenIsWrittenToTheLogAtTraceLevel() throws Exception {
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Signet signet = Signet.builder()
          .hub(SecureHub.class)
          .authenticator((token, request) -> GOOD.equals(token) ? HubUser.of("alice") : null)
          .options(o -> o.enableDetailedErrors(true))
          .build();
      server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
      try {
        driveEveryTransport();
      } finally {
        server.close();
      }
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("Signet logged at DEBUG and TRACE meanwhile").contains("DEBUG io.signet");
    assertThat(log).as("the hub logged the requests that connected")
        .contains("whoAmI over ConnectionRequest[path=/secure");
    assertThat(log).as("each failure the marker caused was logged")
        .contains("did not bind: argument 0 to int")
        .contains("invalid message (InvalidMessageException < JsonParseException)")
        .contains("failed its handshake: InvalidMessageException < JsonParseException");
    assertThat(connectionTokens).hasSize(4);
    assertThat(log).doesNotContain(GOOD).doesNotContain(WRONG).doesNotContain(MARKER);
    for (String token : connectionTokens) {
      assertThat(log).doesNotContain(token);
    }
  }

  private void driveEveryTransport() throws Exception {
    // Refused: a wrong token in the header, and in the query of a WebSocket and an event stream.
    assertThat(negotiateStatus(WRONG)).isEqualTo(401);
    assertThat(eventStream("/secure?id=unknown&access_token=" + WRONG).statusCode()).isEqualTo(401);
    assertThat(catchThrowable(() -> RawWebSocketClient.connect("ws://127.0.0.1:" + server.port()
        + "/secure?access_token=" + WRONG))).as("a refused upgrade").isNotNull();

    // WebSockets, the token in the query as browsers send it.
    String webSocket = negotiate();
    RawWebSocketClient client = RawWebSocketClient.handshaken("ws://127.0.0.1:" + server.port()
        + "/secure?id=" + webSocket + "&access_token=" + GOOD);
    client.sendText(CALL);
    assertThat(client.next()).contains("alice");
    client.sendText(invocation("2", "echo", "\"" + MARKER + "\""));
    assertThat(client.next()).contains("\"result\":\"" + MARKER + "\"");
    client.sendText(invocation("3", "add", "\"" + MARKER + "\",1"));
    assertThat(client.next()).as("detailed errors: the client is told")
        .contains("Error binding arguments");
    client.sendText(invocation("4", "echo", MARKER)); // closes with an error, logged
    assertThat(client.next()).contains("\"type\":7").contains("Error reading JSON.");
    client.awaitClose();

    // A handshake the parser fails on, with the marker where it fails.
    RawWebSocketClient handshake = RawWebSocketClient.connect("ws://127.0.0.1:" + server.port()
        + "/secure?id=" + negotiate() + "&access_token=" + GOOD);
    handshake.sendText("{\"protocol\":" + MARKER + "}" + RS);
    assertThat(handshake.next()).contains("\"error\"").contains("Error reading JSON.");
    handshake.awaitClose();

    // Server-Sent Events: the stream with the query token, the sends with the header.
    String events = negotiate();
    HttpResponse<InputStream> stream = eventStream("/secure?id=" + events + "&access_token=" + GOOD);
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(post(events, HANDSHAKE).statusCode()).isEqualTo(200);
    assertThat(post(events, CALL).statusCode()).isEqualTo(200);
    assertThat(post(events, "{\"type\":99}" + RS + "[1," + RS).statusCode()).isIn(200, 404);
    stream.body().close();

    // Long polling, all with the header; then requests for connections that do not exist.
    String polling = negotiate();
    assertThat(send(request("/secure?id=" + polling).header("Authorization", "Bearer " + GOOD)
        .GET()).statusCode()).isEqualTo(200);
    assertThat(post(polling, HANDSHAKE).statusCode()).isEqualTo(200);
    assertThat(send(request("/secure?id=" + polling).header("Authorization", "Bearer " + GOOD)
        .DELETE()).statusCode()).isEqualTo(202);
    assertThat(post(polling, CALL).statusCode()).isEqualTo(404);
    assertThat(post(polling + "x", CALL).statusCode()).isEqualTo(404);
  }

  private static String invocation(String id, String target, String arguments) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":[" + arguments + "]}" + RS;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10));
  }

  private <T> HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int negotiateStatus(String bearer) throws Exception {
    return send(request("/secure/negotiate?negotiateVersion=1")
        .header("Authorization", "Bearer " + bearer)
        .POST(HttpRequest.BodyPublishers.noBody())).statusCode();
  }

  private String negotiate() throws Exception {
    HttpResponse<String> response = send(request("/secure/negotiate?negotiateVersion=1")
        .header("Authorization", "Bearer " + GOOD)
        .POST(HttpRequest.BodyPublishers.noBody()));
    Matcher matcher = TOKEN.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    connectionTokens.add(matcher.group(1));
    return matcher.group(1);
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return send(request("/secure?id=" + token).header("Authorization", "Bearer " + GOOD)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<InputStream> eventStream(String pathAndQuery) throws Exception {
    HttpResponse<InputStream> response = http.send(request(pathAndQuery)
        .header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
    }
    return response;
  }
}
