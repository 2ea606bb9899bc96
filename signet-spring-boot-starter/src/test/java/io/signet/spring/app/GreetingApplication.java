package io.signet.spring.app;

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

  /** A hub declared by a factory method rather than found by component scanning. */
  @Bean
  LimitedHub limitedHub(GreetingService service) {
    return new LimitedHub(service);
  }
}
