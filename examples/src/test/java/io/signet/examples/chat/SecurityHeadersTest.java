package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer of the chat server carries the security headers, whatever serves it: the pages and
 * their files, the REST API (errors included), the hubs, and paths that do not exist. That the
 * pages still work under the policy is the browser tests' part ({@code GroupChatBrowserTest},
 * {@code TwoServersBrowserTest}): any violation is an error in the page and fails them.
 */
class SecurityHeadersTest {
  @TempDir
  static Path data;

  private static ChatApplication app;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    app = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, null));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "GET, /, 200",
      "GET, /chat.js, 200",
      "GET, /lib/signalr.min.js, 200",
      "GET, /groupchat/, 200",
      "GET, /groupchat/groupchat.css, 200",
      "GET, /api/groups, 401",
      "POST, /api/signin, 400",
      "POST, /chatHub/negotiate?negotiateVersion=1, 200",
      "GET, /no/such/page, 404",
  })
  void everyAnswerCarriesTheHeaders(String method, String path, int status) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(status);
    HttpHeaders headers = response.headers();
    assertThat(headers.firstValue("Content-Security-Policy")).hasValue(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(headers.firstValue("Server")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/", "/groupchat/"})
  void thePagesHaveNoInlineScriptOrStyle(String path) throws Exception {
    String page = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();

    // What the policy would block: every script is a file of this server.
    assertThat(page).containsPattern("<script src=\"[^\"]+\"></script>")
        .doesNotContainPattern("<script(?! src=\"[^\":]+\"></script>)")
        .doesNotContainPattern("(?i)\\son[a-z]+=")
        .doesNotContain("style=")
        .doesNotContain("<style");
  }
}
