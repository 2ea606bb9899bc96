package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.spring.app.GreetingApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application context (what SIGTERM does) with WebSocket, Server-Sent Events and
 * long-polling clients connected: each gets the server's {@code Close} (the client's
 * {@code onclose} fires without an error), and the context closes in a few seconds. Without {@code SignetLifecycle}
 * their open requests hold the web server's graceful shutdown for its whole timeout (30 s) and
 * the clients are cut without a word.
 */
class GracefulShutdownTest {

  @Test
  void closesEveryClientBeforeTheWebServerDrains() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(GreetingApplication.class)
        .properties("server.port=0", "server.shutdown=graceful",
            "spring.lifecycle.timeout-per-shutdown-phase=30s")
        .run();
    int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    try (NodeScript clients = NodeScript.start("shutdown", "http://127.0.0.1:" + port, "-")) {
      assertThat(clients.awaitLine("connected", NodeScript.TIMEOUT_SECONDS))
          .as("clients connected; output:%n%s", clients.output())
          .isTrue();

      long start = System.nanoTime();
      context.close();
      Duration closing = Duration.ofNanos(System.nanoTime() - start);

      clients.assertPasses();
      // Far below the 30 s the web server would wait for the open requests; no tighter, so that
      // a slow machine cannot fail it.
      assertThat(closing).isLessThan(Duration.ofSeconds(15));
    } finally {
      context.close();
    }
  }
}
