package io.signet.spring;

import io.signet.spring.app.GreetingApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * {@link GreetingApplication} as {@code java -jar} would run it, for {@link ProcessExitTest}: on a
 * free loopback port, with the web server's graceful shutdown and Spring Boot's own shutdown
 * hook, which SIGTERM runs. Prints {@code listening on <port>} once it serves.
 */
final class GreetingServer {
  private GreetingServer() {}

  public static void main(String[] args) {
    ServletWebServerApplicationContext context = (ServletWebServerApplicationContext)
        new SpringApplicationBuilder(GreetingApplication.class)
            .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                "spring.lifecycle.timeout-per-shutdown-phase=30s")
            .run(args);
    System.out.println("listening on " + context.getWebServer().getPort());
  }
}
