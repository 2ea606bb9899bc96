package io.signet.hub.scaleout;

import io.signet.protocol.HubProtocol;
import java.util.Objects;

/**
 * One hub endpoint, as a {@link ScaleOut} is asked to serve it.
 *
 * @param path the endpoint's path ({@code /chatHub}); the same hub has the same path on every
 *     node, so it names the hub across the cluster
 * @param protocol the hub protocol its connections speak; serialise with it once per message
 * @param local this process's connections of the hub
 */
public record ScaleOutEndpoint(String path, HubProtocol protocol, LocalHubLifetimeManager local) {
  public ScaleOutEndpoint {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(protocol, "protocol == null");
    Objects.requireNonNull(local, "local == null");
  }
}
