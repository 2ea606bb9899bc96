package io.signet.containers;

import io.signet.server.Signet;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * Signet installed by {@code signet-spring-boot-starter} in a Spring Boot application on its
 * embedded Tomcat, with the hub options of {@link Host#signetBuilder} as {@code signet.*}
 * properties. Closing the application context, what SIGTERM does, closes Signet before the web
 * server's graceful shutdown begins. Boot 3.5 runs here on this module's Tomcat 11 rather than
 * the Tomcat 10.1 it brings; the starter's own tests run on that one.
 */
class SpringBootTest extends ContainerContractTest {
  static {
    // Boot would otherwise reconfigure java.util.logging, dropping LogCapture's handler.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
  }

  @Override
  boolean logsAbandonedEventStreamsAs500() {
    return true; // Tomcat
  }

  @Override
  Host start(ResponseLog responses) {
    ServletWebServerApplicationContext context = (ServletWebServerApplicationContext)
        new SpringApplicationBuilder(ContainerApplication.class)
            .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                "spring.main.banner-mode=off",
                "signet.keep-alive-interval=1s", "signet.long-poll-timeout=1s",
                "signet.disconnect-timeout=2s")
            .initializers(applicationContext -> applicationContext.getBeanFactory()
                .registerSingleton("responseLog", responses))
            .run();
    return new Host(context.getWebServer().getPort(), () -> context.getBean(Signet.class),
        context::close, true);
  }
}
