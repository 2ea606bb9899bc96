package io.signet.jetty;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.Set;

/**
 * A hub that records which of its connections are live, so that tests see when the hub layer, not
 * only the registry, has let a connection go.
 */
@HubEndpoint("/flood")
public class FloodHub extends Hub {
  private final Set<String> live;

  FloodHub(Set<String> live) {
    this.live = live;
  }

  @Override
  public void onConnected() {
    live.add(context().connectionId());
  }

  @Override
  public void onDisconnected(Throwable error) {
    live.remove(context().connectionId());
  }
}
