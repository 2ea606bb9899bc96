package io.signet.server;

import io.signet.connection.TransportType;
import java.util.Map;

/**
 * A snapshot of how a {@link Signet} is doing, from {@link Signet#health()}: what a host's health
 * or readiness endpoint reports.
 *
 * <p>A node whose scale-out lost its backplane (Redis down) keeps serving its own connections, and
 * every node of the cluster loses it at once: so it reports {@link Status#DEGRADED}, which is
 * {@linkplain #isUp() up}, and a load balancer that takes it out of rotation would take out the
 * whole cluster. {@link #scaleOutReachable()} still says what the scale-out reaches, for an alert.
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

  /** The health in one word, for a host to report: route to {@code UP} and {@code DEGRADED}. */
  public enum Status {
    /** Admits connections, and the scale-out (if any) reaches the cluster. */
    UP,
    /**
     * Admits connections and serves them, but the scale-out does not reach the cluster: sends to
     * connections, groups and users on other nodes are lost until it does again.
     */
    DEGRADED,
    /** Admits no connections: closed. */
    DOWN
  }

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

  /** {@return the health in one word: down when closed, degraded when the cluster is cut off} */
  public Status status() {
    if (!accepting) {
      return Status.DOWN;
    }
    return scaleOutReachable ? Status.UP : Status.DEGRADED;
  }

  /**
   * Whether a load balancer should route to this node: it admits connections, whether or not its
   * scale-out reaches the cluster (see {@link Status#DEGRADED}).
   *
   * @return {@code true} unless the status is {@link Status#DOWN}
   */
  public boolean isUp() {
    return status() != Status.DOWN;
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
