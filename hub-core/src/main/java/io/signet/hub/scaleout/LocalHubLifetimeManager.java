package io.signet.hub.scaleout;

import java.util.Collection;
import java.util.List;

/**
 * The in-memory {@link HubLifetimeManager} of one hub in this process: the connections it holds,
 * their groups, and delivery to them. Signet creates one per hub endpoint; a {@link ScaleOut}
 * receives it and delivers to this process's connections through it.
 *
 * <p>Thread-safe; nothing blocks. The {@link SerializedHubMessage} overloads let a scale-out
 * serialise a message once, publish those bytes to other nodes, and deliver the same payload
 * here (or deliver a payload that arrived from another node without parsing it).
 */
public interface LocalHubLifetimeManager extends HubLifetimeManager {

  /**
   * Delivers to every local connection except {@code excludedIds}.
   *
   * @param message the message, serialised at most once per protocol
   * @param excludedIds the connections left out
   */
  void sendAll(SerializedHubMessage message, Collection<String> excludedIds);

  /**
   * Delivers to the local connections among {@code connectionIds}.
   *
   * @param connectionIds the connections' ids
   * @param message the message, serialised at most once per protocol
   */
  void sendConnections(Collection<String> connectionIds, SerializedHubMessage message);

  /**
   * Delivers to the local members of these groups except {@code excludedIds}.
   *
   * @param groupNames the groups' names
   * @param message the message, serialised at most once per protocol
   * @param excludedIds the connections left out
   */
  void sendGroups(Collection<String> groupNames, SerializedHubMessage message,
      Collection<String> excludedIds);

  /**
   * Delivers to the local connections of these users.
   *
   * @param userIds the users' ids
   * @param message the message, serialised at most once per protocol
   */
  void sendUsers(Collection<String> userIds, SerializedHubMessage message);

  /**
   * Whether the connection is open in this process.
   *
   * @param connectionId the connection's id
   * @return whether it is open here
   */
  boolean hasConnection(String connectionId);

  /**
   * Whether some local connection is in the group.
   *
   * @param groupName the group's name
   * @return whether the group has a local member
   */
  boolean hasGroup(String groupName);

  /**
   * Whether some local connection belongs to the user.
   *
   * @param userId the user's id
   * @return whether the user has a local connection
   */
  boolean hasUser(String userId);

  /**
   * {@return a snapshot of every local connection with its groups, for a scale-out to
   * resynchronise}
   */
  List<LocalConnection> connections();

  /**
   * Sets the one listener told of local connections starting and ending ({@code null} removes
   * it). Set it before the endpoint serves connections.
   *
   * @param listener the listener, or {@code null}
   */
  void setListener(LocalConnectionListener listener);
}
