package io.signet.hub;

import java.util.concurrent.CompletionStage;

/**
 * Group membership of a hub's connections. Groups are implicit (a group is its current members),
 * names are compared case-sensitively, and a connection leaves all its groups when it disconnects.
 *
 * <p>Thread-safe. Both operations are no-ops for an unknown connection id.
 */
public interface Groups {

  /**
   * Adds a connection to a group. Fails (exceptionally) on a {@code null} argument.
   *
   * @param connectionId the connection's id
   * @param groupName the group's name
   * @return completes once the connection is in the group
   */
  CompletionStage<Void> add(String connectionId, String groupName);

  /**
   * Removes a connection from a group. Fails (exceptionally) on a {@code null} argument.
   *
   * @param connectionId the connection's id
   * @param groupName the group's name
   * @return completes once the connection is out of the group
   */
  CompletionStage<Void> remove(String connectionId, String groupName);
}
