package io.signet.containers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.websocket.servlet.TomcatWebSocketServletWebServerCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application serving {@link ContainerHub} with the starter on Boot's embedded
 * Tomcat, for {@link SpringBootTest}: the hub is a bean like any other, and the starter finds it
 * by its {@code @HubEndpoint}. The test registers the {@link ResponseLog} bean.
 */
@SpringBootApplication
class ContainerApplication {

  @Bean
  ContainerHub containerHub() {
    return new ContainerHub();
  }

  /**
   * Tomcat's WebSocket initializer, which Boot adds by itself where Tomcat is the only container
   * on the class path. Here Jetty's Jakarta WebSocket classes are too (for the Jetty tests), and
   * Boot's customizer for Jetty takes this bean name instead, leaving Tomcat without WebSockets.
   */
  @Bean
  TomcatWebSocketServletWebServerCustomizer websocketServletWebServerCustomizer() {
    return new TomcatWebSocketServletWebServerCustomizer();
  }

  /** Hands every completed response to the test's {@link ResponseLog}, as Tomcat logs it. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> responseLogValve(
      ResponseLog responses) {
    return factory -> factory.addEngineValves(new EmbeddedTomcat.StatusValve(responses));
  }
}
