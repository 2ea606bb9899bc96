package io.signet.hub;

import java.util.Objects;

/**
 * A connection's {@code onConnected} or {@code onDisconnected}, as {@link HubFilter}s see it.
 *
 * @param hub the hub instance serving the call
 * @param context the connection
 */
public record HubLifetimeContext(Hub hub, HubCallerContext context) {
  /**
   * Checks the values.
   *
   * @param hub the hub instance serving the call
   * @param context the connection
   */
  public HubLifetimeContext {
    Objects.requireNonNull(hub, "hub == null");
    Objects.requireNonNull(context, "context == null");
  }
}
