package io.signet.hub;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Who is connected to a hub: the members of a group, the connections of a user, whether a user is
 * online. With a scale-out these answers span every node; the entries of a node that stopped
 * vanish within the scale-out's node timeout. Without one they describe this process.
 *
 * <p>Thread-safe. Each answer is a snapshot taken when it completes; it fails (exceptionally)
 * when the scale-out cannot be reached.
 */
public interface Presence {

  /**
   * The ids of the connections in a group.
   *
   * @param groupName the group's name
   * @return completes with the ids, empty for an empty group
   */
  CompletionStage<Set<String>> groupConnections(String groupName);

  /**
   * The ids of the users with at least one connection in a group.
   *
   * @param groupName the group's name
   * @return completes with the ids, empty for an empty group
   */
  CompletionStage<Set<String>> groupUsers(String groupName);

  /**
   * The ids of the connections of a user.
   *
   * @param userId the user's id
   * @return completes with the ids, empty for a user not connected
   */
  CompletionStage<Set<String>> userConnections(String userId);

  /**
   * Whether a user has at least one connection.
   *
   * @param userId the user's id
   * @return completes with whether the user is online
   */
  default CompletionStage<Boolean> isUserOnline(String userId) {
    return userConnections(userId).thenApply(connections -> !connections.isEmpty());
  }
}
