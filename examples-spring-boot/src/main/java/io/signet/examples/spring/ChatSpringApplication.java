package io.signet.examples.spring;

import io.signet.examples.chat.ChatHub;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The simple chat of the examples on Spring Boot: the same {@link ChatHub} at {@code /chatHub} and
 * the same page at {@code /}, served by the embedded Tomcat through
 * {@code signet-spring-boot-starter}.
 *
 * <pre>
 * mvn -q -DskipTests package -pl examples-spring-boot -am
 * java -jar examples-spring-boot/target/signet-chat-spring-boot.jar   # --server.port=8080
 * </pre>
 */
@SpringBootApplication
public class ChatSpringApplication {

  /** Starts the chat on port 5000 ({@code --server.port=N} for another). */
  public static void main(String[] args) {
    SpringApplication.run(ChatSpringApplication.class, args);
  }

  /**
   * The hub, made by Spring for every call (the starter makes hub beans prototypes), each with the
   * one {@link ChatHub.RecentIds} of the application: a hub instance keeps nothing between calls.
   */
  @Bean
  ChatHub chatHub(ChatHub.RecentIds recentIds) {
    return new ChatHub(recentIds);
  }

  /** The {@code PostMessage} ids seen lately, shared by every call. */
  @Bean
  ChatHub.RecentIds recentIds() {
    return new ChatHub.RecentIds(10_000);
  }
}
