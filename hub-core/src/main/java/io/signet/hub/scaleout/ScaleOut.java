package io.signet.hub.scaleout;

import io.signet.connection.ConnectionDirectory;

/**
 * Makes several Signet processes serve the same hubs as one (a backplane). Given to
 * {@code Signet.builder().scaleOut(...)}; Signet asks it for one {@link HubLifetimeManager} per
 * hub endpoint and, optionally, for a {@link ConnectionDirectory}, and closes it with itself.
 *
 * <p>Implementations are thread-safe.
 */
public interface ScaleOut extends AutoCloseable {

  /**
   * The lifetime manager that serves {@code endpoint}: it delivers to this process's connections
   * through {@link ScaleOutEndpoint#local()} and reaches the other processes. Called once per
   * endpoint while Signet is built.
   *
   * @param endpoint the endpoint, with its local lifetime manager and protocols
   * @return the endpoint's lifetime manager
   */
  HubLifetimeManager lifetimeManager(ScaleOutEndpoint endpoint);

  /**
   * Where connections live across the cluster, so that any process can serve any request of a
   * connection of the endpoint at {@code path} (no sticky sessions); {@code null} (the default)
   * when every request of a connection must reach the process that negotiated it.
   *
   * @param path the endpoint's path
   * @return the directory, or {@code null}
   */
  default ConnectionDirectory connectionDirectory(String path) {
    return null;
  }

  /**
   * Whether the scale-out reaches the rest of the cluster right now (its backplane is connected),
   * for {@code Signet.health()}. The default says yes.
   *
   * @return whether the backplane is connected
   */
  default boolean isHealthy() {
    return true;
  }

  /** Leaves the cluster and releases what the scale-out holds. Called by {@code Signet.close()}. */
  @Override
  void close();
}
