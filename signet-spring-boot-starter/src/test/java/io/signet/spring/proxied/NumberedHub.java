package io.signet.spring.proxied;

import io.signet.hub.Hub;
import java.util.Map;

/** A hub that takes a number when it is made, so that a client can tell instances apart. */
public abstract class NumberedHub extends Hub {
  private final int instance;

  /** Made by Spring, numbered by {@code instances}. */
  protected NumberedHub(ProxiedApplication.Instances instances) {
    this.instance = instances.next();
  }

  /**
   * Which instance serves this call, and for which connection, after {@code millis}: calls that
   * overlap in time would share an instance, or see no connection, if a proxy were served.
   */
  public Map<String, Object> whoServes(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return Map.of("instance", instance, "connectionId", context().connectionId());
  }
}
