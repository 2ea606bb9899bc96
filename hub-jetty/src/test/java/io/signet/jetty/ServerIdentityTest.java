package io.signet.jetty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server does not say what it is: no {@code Server} header naming Jetty and its version, no
 * {@code X-Powered-By}, and no version in its error pages, for answers from the hubs, from the
 * servlet context and from Jetty itself (a request it cannot parse).
 */
class ServerIdentityTest {
  private static SignetServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "POST, /echo/negotiate?negotiateVersion=1, 200",
      "GET, /echo/negotiate, 405",
      "GET, /no/such/page, 404",
      "GET, /echo?id=unknown, 404",
  })
  void answersDoNotNameTheServer(String method, String path, int status) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Server")).isEmpty();
    assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
    assertThat(response.body()).doesNotContainIgnoringCase("jetty")
        .doesNotContain(Jetty.VERSION);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "a request line Jetty cannot parse, 'NONSENSE\r\n\r\n', 400",
      "headers far too large, 'GET / HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n', 431",
  })
  void jettysOwnErrorsDoNotNameIt(String what, String request, int status) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(String.format(request, "x".repeat(64 * 1024)).getBytes(US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 " + status);
      assertThat(answer).doesNotContainIgnoringCase("jetty").doesNotContain(Jetty.VERSION)
          .doesNotContainIgnoringCase("\r\nServer:").doesNotContainIgnoringCase("X-Powered-By");
    }
  }
}
