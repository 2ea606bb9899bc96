package io.signet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Starts the chat on Spring Boot: its page and the browser client are served, and the official
 * JavaScript client (with Node) chats through the hub once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatSpringApplicationTest {
  @LocalServerPort
  int port;

  @Test
  void servesThePage() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    assertThat(get(client, "/").body()).contains("<title>Signet chat</title>");
    for (String path : new String[] {"/chat.js", "/chat.css", "/lib/signalr.min.js"}) {
      assertThat(get(client, path).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void chatsWithTheOfficialClient() throws Exception {
    Path webDir = Path.of(System.getProperty("examples.webDir", "../examples/web"));
    Path script = Path.of(System.getProperty("examples.smokeScript", "src/test/js/chat-smoke.mjs"));
    Path output = Files.createTempFile("signet-chat-spring-", ".log");
    try {
      Process node = new ProcessBuilder("node", script.toAbsolutePath().toString(),
          "http://127.0.0.1:" + port)
          .directory(webDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile()) // a file: a chatty process never blocks on a pipe
          .start();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
      assertThat(node.isAlive() ? -1 : node.exitValue())
          .as("exit code; output:%n%s", Files.readString(output, StandardCharsets.UTF_8))
          .isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
