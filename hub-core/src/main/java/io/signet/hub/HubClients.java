package io.signet.hub;

import java.util.Collection;

/**
 * Chooses which connections of a hub receive a message. Connection ids are
 * {@link HubCallerContext#connectionId()} values; user ids are
 * {@link HubCallerContext#userIdentifier()} values, compared case-sensitively.
 *
 * <p>Thread-safe; the proxies it returns may be kept and reused.
 */
public interface HubClients {

  /** {@return every connection of the hub} */
  ClientProxy all();

  /**
   * Every connection except the given ones.
   *
   * @param excludedConnectionIds the connections left out
   * @return the recipients
   */
  ClientProxy allExcept(Collection<String> excludedConnectionIds);

  /**
   * One connection; sends to an unknown id are skipped silently, client results from it fail.
   *
   * @param connectionId the connection's id
   * @return the recipient
   */
  SingleClientProxy client(String connectionId);

  /**
   * Several connections; unknown ids are skipped silently.
   *
   * @param connectionIds the connections' ids
   * @return the recipients
   */
  ClientProxy clients(Collection<String> connectionIds);

  /**
   * The members of a group.
   *
   * @param groupName the group's name
   * @return the recipients
   */
  ClientProxy group(String groupName);

  /**
   * The members of several groups. A connection in two of them receives the message twice, as in
   * ASP.NET Core SignalR.
   *
   * @param groupNames the groups' names
   * @return the recipients
   */
  ClientProxy groups(Collection<String> groupNames);

  /**
   * The members of a group except the given connections.
   *
   * @param groupName the group's name
   * @param excludedConnectionIds the connections left out
   * @return the recipients
   */
  ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds);

  /**
   * Every connection of one user.
   *
   * @param userId the user's id
   * @return the recipients
   */
  ClientProxy user(String userId);

  /**
   * Every connection of several users.
   *
   * @param userIds the users' ids
   * @return the recipients
   */
  ClientProxy users(Collection<String> userIds);
}
