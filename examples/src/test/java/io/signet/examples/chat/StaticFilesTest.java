package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chats' pages and files: gzipped when asked, revalidated with ETags, nothing outside. */
class StaticFilesTest {
  @TempDir
  static Path data;

  private static ChatApplication app;
  private static final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    app = ChatApplication.start(new ChatOptions(0, "127.0.0.1", data, null));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "/, text/html",
      "/chat.js, text/javascript",
      "/groupchat/, text/html",
      "/groupchat/groupchat.css, text/css",
      "/lib/signalr.min.js, text/javascript",
  })
  void textIsGzippedForClientsThatAcceptIt(String path, String type) throws Exception {
    HttpResponse<byte[]> plain = get(path, null, null);
    HttpResponse<byte[]> zipped = get(path, "gzip, deflate, br", null);

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Type")).hasValueSatisfying(value ->
        assertThat(value).startsWith(type));
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(zipped.body().length).isLessThan(plain.body().length);
    assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
    assertThat(zipped.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(zipped.body().length));
    for (HttpResponse<byte[]> response : java.util.List.of(plain, zipped)) {
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(tag ->
          assertThat(tag).matches("\"[0-9a-f]{24}(-gzip)?\""));
    }
    assertThat(zipped.headers().firstValue("ETag"))
        .isNotEqualTo(plain.headers().firstValue("ETag"));
  }

  @Test
  void aFileTheBrowserHasIsAnswered304WithoutABody() throws Exception {
    String etag = get("/chat.css", "gzip", null).headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> again = get("/chat.css", "gzip", etag);
    HttpResponse<byte[]> stale = get("/chat.css", "gzip", "\"0123\"");

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(again.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(stale.statusCode()).isEqualTo(200);
  }

  @Test
  void gzipRefusedWithQZeroIsNotSent() {
    assertThat(StaticFiles.acceptsGzip("gzip;q=0, br")).isFalse();
    assertThat(StaticFiles.acceptsGzip("*")).isTrue();
    assertThat(StaticFiles.acceptsGzip("identity")).isFalse();
    assertThat(StaticFiles.acceptsGzip("GZIP; q=0.5")).isTrue();
  }

  @Test
  void aDirectoryRedirectsToItsSlash() throws Exception {
    HttpResponse<byte[]> response = get("/groupchat?transport=LongPolling", null, null);

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location ->
        assertThat(location).endsWith("/groupchat/?transport=LongPolling"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/no/such/page", "/groupchat/nothing.js", "/simplelogger.properties",
      "/../simplelogger.properties", "/io/signet/examples/chat/ChatHub.class", "/lib/",
      "/web/index.html"})
  void onlyTheFilesOfTheWebDirectoryAreServed(String path) throws Exception {
    assertThat(get(path, null, null).statusCode()).isIn(400, 404);
  }

  private static HttpResponse<byte[]> get(String path, String acceptEncoding, String etag)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
