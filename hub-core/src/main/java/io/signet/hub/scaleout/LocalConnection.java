package io.signet.hub.scaleout;

import java.util.Objects;
import java.util.Set;

/**
 * A connection of this process, as a scale-out sees it.
 *
 * @param connectionId its public id
 * @param userId its user id, or {@code null} without a user
 * @param groups the groups it is in at the time of the snapshot
 */
public record LocalConnection(String connectionId, String userId, Set<String> groups) {
  /**
   * Checks the id and copies the groups.
   *
   * @param connectionId its public id
   * @param userId its user id, or {@code null} without a user
   * @param groups the groups it is in at the time of the snapshot
   */
  public LocalConnection {
    Objects.requireNonNull(connectionId, "connectionId == null");
    groups = Set.copyOf(groups);
  }
}
