package io.signet.spring.proxied;

import io.signet.hub.HubEndpoint;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.stereotype.Component;

/**
 * A hub declared with a scoped proxy: Spring defines two beans for it, the proxy and its target
 * ({@code scopedTarget.scopedHub}).
 */
@Component
@Scope(proxyMode = ScopedProxyMode.TARGET_CLASS)
@HubEndpoint("/scoped")
public class ScopedHub extends NumberedHub {

  /** Made by Spring. */
  public ScopedHub(ProxiedApplication.Instances instances) {
    super(instances);
  }
}
