package io.signet.spring.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** A singleton service the hubs get injected: greets, and numbers the hub instances made. */
@Service
public class GreetingService {
  private final AtomicInteger instances = new AtomicInteger();

  /** What {@code Greet} answers; written with the application's {@code ObjectMapper}. */
  public record Greeting(String userName, String text) {}

  /** A greeting for {@code name}. */
  public Greeting greet(String name) {
    return new Greeting(name, "Hello, " + name);
  }

  /** The number of the next hub instance, from 1. */
  public int nextInstanceNumber() {
    return instances.incrementAndGet();
  }
}
