package io.signet.spring.proxied;

import io.signet.hub.HubEndpoint;
import org.springframework.stereotype.Component;

/** A hub that {@link ProxiedApplication#tracing()} wraps in an AOP proxy. */
@Component
@HubEndpoint("/traced")
public class TracedHub extends NumberedHub {

  /** Made by Spring. */
  public TracedHub(ProxiedApplication.Instances instances) {
    super(instances);
  }
}
