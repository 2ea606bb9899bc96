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

  /** Delivers to every local connection except {@code excludedIds}. */
  void sendAll(SerializedHubMessage message, Collection<String> excludedIds);

  /** Delivers to the local connections among {@code connectionIds}. */
  void sendConnections(Collection<String> connectionIds, SerializedHubMessage message);

  /** Delivers to the local members of these groups except {@code excludedIds}. */
  void sendGroups(Collection<String> groupNames, SerializedHubMessage message,
      Collection<String> excludedIds);

  /** Delivers to the local connections of these users. */
  void sendUsers(Collection<String> userIds, SerializedHubMessage message);

  /** Whether the connection is open in this process. */
  boolean hasConnection(String connectionId);

  /** Whether some local connection is in the group. */
  boolean hasGroup(String groupName);

  /** Whether some local connection belongs to the user. */
  boolean hasUser(String userId);

  /** A snapshot of every local connection with its groups, for a scale-out to resynchronise. */
  List<LocalConnection> connections();

  /**
   * Sets the one listener told of local connections starting and ending ({@code null} removes
   * it). Set it before the endpoint serves connections.
   */
  void setListener(LocalConnectionListener listener);
}
