package io.signet.spring.app;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A hub declared as a singleton component (Spring's default scope), with a service injected
 * through its constructor. Each instance takes a number when it is made, so that a client can
 * tell instances apart.
 */
@Component
@HubEndpoint("/greet")
public class GreetingHub extends Hub {
  private final GreetingService service;
  private final int instance;

  /** Made by Spring, with its service. */
  public GreetingHub(GreetingService service) {
    this.service = service;
    this.instance = service.nextInstanceNumber();
  }

  /** A greeting from the injected service. */
  public GreetingService.Greeting greet(String name) {
    return service.greet(name);
  }

  /** Its argument, bound and written again with the application's {@code ObjectMapper}. */
  public GreetingService.Greeting echo(GreetingService.Greeting greeting) {
    return greeting;
  }

  /**
   * Which instance serves this call, and for which connection, after {@code millis}: calls that
   * overlap in time would share an instance if Spring handed out the singleton.
   */
  public Map<String, Object> whoServes(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return Map.of("instance", instance, "connectionId", context().connectionId());
  }
}
