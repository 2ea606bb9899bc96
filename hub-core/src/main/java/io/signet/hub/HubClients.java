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

  /** Every connection of the hub. */
  ClientProxy all();

  /** Every connection except the given ones. */
  ClientProxy allExcept(Collection<String> excludedConnectionIds);

  /**
   * One connection; sends to an unknown id are skipped silently, client results from it fail.
   */
  SingleClientProxy client(String connectionId);

  /** Several connections; unknown ids are skipped silently. */
  ClientProxy clients(Collection<String> connectionIds);

  /** The members of a group. */
  ClientProxy group(String groupName);

  /**
   * The members of several groups. A connection in two of them receives the message twice, as in
   * ASP.NET Core SignalR.
   */
  ClientProxy groups(Collection<String> groupNames);

  /** The members of a group except the given connections. */
  ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds);

  /** Every connection of one user. */
  ClientProxy user(String userId);

  /** Every connection of several users. */
  ClientProxy users(Collection<String> userIds);
}
