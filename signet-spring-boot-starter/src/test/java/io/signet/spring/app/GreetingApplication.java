package io.signet.spring.app;

import io.signet.hub.HubException;
import io.signet.hub.HubFilter;
import io.signet.hub.HubInvocationContext;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with two hubs: {@link GreetingHub}, a component with an injected
 * service, and {@link LimitedHub}, declared by the {@code @Bean} method below. Without Spring
 * Security, which the module's tests have on their class path for {@code SecuredApplication}.
 */
@SpringBootApplication(exclude = {SecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
public class GreetingApplication {

  /** A filter of every hub, which the starter takes from the context: nobody greets mallory. */
  @Bean
  HubFilter noGreetingsForMallory() {
    return new HubFilter() {
      @Override
      public Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
          throws Exception {
        if (invocation.methodName().equalsIgnoreCase("Greet")
            && invocation.arguments().contains("mallory")) {
          throw new HubException("No greetings for mallory");
        }
        return next.invoke(invocation);
      }
    };
  }

  /** A hub declared by a factory method rather than found by component scanning. */
  @Bean
  LimitedHub limitedHub(GreetingService service) {
    return new LimitedHub(service);
  }
}
