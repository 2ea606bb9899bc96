package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubContext;
import io.signet.server.Signet;
import io.signet.spring.app.GreetingApplication;
import io.signet.spring.app.GreetingHub;
import io.signet.spring.app.LimitedHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The official JavaScript client against {@link GreetingApplication} on Spring Boot's embedded
 * Tomcat, over each transport: hubs made by Spring per call with their services injected, a
 * broadcast from a REST controller through an injected {@code HubContext}, payloads written with
 * the application's {@code ObjectMapper}, and per-hub options from properties.
 */
@SpringBootTest(classes = GreetingApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.jackson.property-naming-strategy=SNAKE_CASE",
        "signet.maximum-parallel-invocations-per-client=6",
        "signet.hubs.limited.transports=long-polling"})
class HubServingTest {
  @LocalServerPort
  int port;

  @Autowired
  ConfigurableApplicationContext context;

  @Autowired
  HubContext<GreetingHub> greetings;

  @Autowired
  HubContext<LimitedHub> limited;

  @Autowired
  Signet signet;

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void servesTheOfficialClient(String transport) throws Exception {
    NodeScript.run("served", "http://127.0.0.1:" + port, transport);
  }

  @Test
  void hubBeansAreMadeAnewForEveryCall() {
    // Declared a singleton component and by a @Bean method: both become prototypes.
    assertThat(context.getBeanFactory().getBeanDefinition("greetingHub").getScope())
        .isEqualTo(BeanDefinition.SCOPE_PROTOTYPE);
    assertThat(context.getBeanFactory().getBeanDefinition("limitedHub").getScope())
        .isEqualTo(BeanDefinition.SCOPE_PROTOTYPE);
    assertThat(context.getBean(GreetingHub.class)).isNotSameAs(context.getBean(GreetingHub.class));
  }

  @Test
  void hubContextsAreInjectedByTheirHubType() {
    assertThat(greetings).isSameAs(signet.hubContext(GreetingHub.class));
    assertThat(limited).isSameAs(signet.hubContext(LimitedHub.class));
    assertThat(signet.paths()).containsExactlyInAnyOrder("/greet", "/limited");
  }
}
