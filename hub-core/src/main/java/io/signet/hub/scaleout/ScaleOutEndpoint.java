package io.signet.hub.scaleout;

import io.signet.protocol.HubProtocol;
import java.util.List;
import java.util.Objects;

/**
 * One hub endpoint, as a {@link ScaleOut} is asked to serve it.
 *
 * @param path the endpoint's path ({@code /chatHub}); the same hub has the same path on every
 *     node, so it names the hub across the cluster
 * @param protocols the hub protocols its connections may speak, each client the one it chose;
 *     a message for other nodes is serialised once per protocol (every node of a cluster must
 *     speak the same ones). The first is JSON.
 * @param local this process's connections of the hub
 */
public record ScaleOutEndpoint(
    String path, List<HubProtocol> protocols, LocalHubLifetimeManager local) {
  /**
   * Validates the endpoint and copies the protocols.
   *
   * @param path the endpoint's path ({@code /chatHub})
   * @param protocols the hub protocols its connections may speak, each client the one it chose
   * @param local this process's connections of the hub
   */
  public ScaleOutEndpoint {
    Objects.requireNonNull(path, "path == null");
    protocols = List.copyOf(protocols);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("protocols is empty");
    }
    Objects.requireNonNull(local, "local == null");
  }

  /**
   * The protocol named {@code name}, or {@code null} if the endpoint does not speak it.
   *
   * @param name the protocol's name, as in the handshake
   * @return the protocol, or {@code null}
   */
  public HubProtocol protocol(String name) {
    for (HubProtocol protocol : protocols) {
      if (protocol.name().equals(name)) {
        return protocol;
      }
    }
    return null;
  }
}
