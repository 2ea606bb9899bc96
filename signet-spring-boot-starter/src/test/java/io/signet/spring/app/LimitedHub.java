package io.signet.spring.app;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;

/** A hub whose transports the test's properties limit ({@code signet.hubs.limited.*}). */
@HubEndpoint("/limited")
public class LimitedHub extends Hub {
  private final GreetingService service;

  /** Made by the application's {@code @Bean} method. */
  public LimitedHub(GreetingService service) {
    this.service = service;
  }

  /** A greeting from the injected service. */
  public GreetingService.Greeting greet(String name) {
    return service.greet(name);
  }
}
