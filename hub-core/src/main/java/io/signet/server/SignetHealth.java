package io.signet.server;

import io.signet.connection.TransportType;
import java.util.Map;

/**
 * A snapshot of how a {@link Signet} is doing, from {@link Signet#health()}: what a host's health
 * or readiness endpoint reports.
 *
 * @param accepting whether new connections are admitted ({@code false} once {@code close()} ran)
 * @param scaleOutReachable whether the scale-out reaches the rest of the cluster ({@code true}
 *     on a single node)
 * @param activeConnections per hub path, the connections whose transport is connected, per
 *     transport (every transport listed, zeros included)
 */
public record SignetHealth(
    boolean accepting,
    boolean scaleOutReachable,
    Map<String, Map<TransportType, Integer>> activeConnections) {

  /**
   * Copies the map, so the snapshot does not change.
   *
   * @param accepting whether new connections are admitted
   * @param activeConnections per hub path, the connections whose transport is connected
   * @param scaleOutReachable whether the scale-out reaches the rest of the cluster
   */
  public SignetHealth {
    activeConnections = Map.copyOf(activeConnections);
  }

  /** {@return whether this node can serve: it admits connections and reaches its cluster} */
  public boolean isUp() {
    return accepting && scaleOutReachable;
  }

  /** {@return the active connections across every hub and transport} */
  public int totalConnections() {
    int total = 0;
    for (Map<TransportType, Integer> byTransport : activeConnections.values()) {
      for (int count : byTransport.values()) {
        total += count;
      }
    }
    return total;
  }
}
