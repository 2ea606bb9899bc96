package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each connection's start and end are logged at DEBUG with what an operator needs to follow it:
 * transport, protocol, user and remote address when it starts; transport and how it ended when it
 * ends. Runs in the JVM whose Signet loggers are at TRACE (see the module's pom).
 */
class ConnectionLifecycleLogTest {
  private static final String TOKEN = "bearer-lifecycle";
  private static final Pattern IDS = Pattern.compile(
      "\"connectionId\":\"([^\"]+)\",\"connectionToken\":\"([^\"]+)\"");
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  static {
    // As the pom's execution sets it, for a run of this class alone (see SecretsNeverLoggedTest).
    System.setProperty("org.slf4j.simpleLogger.log.io.signet", "trace");
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private SignetServer server;

  @Test
  void startAndEndOfEachTransportAreLoggedAtDebug() throws Exception {
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String[] webSocket;
    String[] events;
    String[] polling;
    try {
      Signet signet = Signet.builder()
          .hub(SecureHub.class)
          .authenticator((token, request) -> TOKEN.equals(token) ? HubUser.of("alice") : null)
          .build();
      server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
      try {
        webSocket = negotiate();
        RawWebSocketClient client = RawWebSocketClient.handshaken("ws://127.0.0.1:"
            + server.port() + "/secure?id=" + webSocket[1] + "&access_token=" + TOKEN);
        client.socket.sendClose(1000, "").join();
        assertThat(client.awaitClose()).isEqualTo(1000);

        events = negotiate();
        HttpResponse<InputStream> stream = http.send(request("/secure?id=" + events[1])
            .header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(post(events[1], HANDSHAKE)).isEqualTo(200);

        polling = negotiate();
        assertThat(http.send(request("/secure?id=" + polling[1]).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(post(polling[1], HANDSHAKE)).isEqualTo(200);
        assertThat(http.send(request("/secure?id=" + polling[1]).DELETE().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        awaitLine(captured, "Connection " + polling[0] + " ended");
      } finally {
        server.close(); // the event stream is still open: it ends with the server
      }
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).containsPattern(started(webSocket[0], "WebSockets"))
        .containsPattern(ended(webSocket[0], "WebSockets", "normal_closure"))
        // Jetty's socket is the WebSocket's own: data frames skip Jetty's frame flusher.
        .contains("WebSocket of connection " + webSocket[0]
            + " writes its data frames to the socket directly")
        .containsPattern(started(events[0], "ServerSentEvents"))
        .containsPattern(ended(events[0], "ServerSentEvents", "app_shutdown"))
        .containsPattern(started(polling[0], "LongPolling"))
        .containsPattern(ended(polling[0], "LongPolling", "normal_closure"));
  }

  private static String started(String id, String transport) {
    return "DEBUG \\S+ - Connection " + Pattern.quote(id) + " started: " + transport
        + ", json v1, user alice, from 127\\.0\\.0\\.1:\\d+\\R";
  }

  private static String ended(String id, String transport, String status) {
    return "DEBUG \\S+ - Connection " + Pattern.quote(id) + " ended: " + transport + ", "
        + status + ", after \\d+ ms\\R";
  }

  /** Waits up to 5 s for a line: a long poll's end is logged after its DELETE is answered. */
  private static void awaitLine(ByteArrayOutputStream captured, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!captured.toString(StandardCharsets.UTF_8).contains(text)) {
      assertThat(System.nanoTime()).as("logged within 5 s: " + text).isLessThan(deadline);
      Thread.sleep(10); // polling the log: nothing to wait on
    }
  }

  /** The connection's id (what the log names) and its token (what requests carry). */
  private String[] negotiate() throws Exception {
    HttpResponse<String> response = http.send(request("/secure/negotiate?negotiateVersion=1")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    Matcher matcher = IDS.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return new String[] {matcher.group(1), matcher.group(2)};
  }

  private int post(String token, String body) throws Exception {
    return http.send(request("/secure?id=" + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10));
  }
}
