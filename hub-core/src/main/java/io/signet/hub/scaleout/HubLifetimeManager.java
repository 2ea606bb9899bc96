package io.signet.hub.scaleout;

import io.signet.protocol.InvocationMessage;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Who is connected to one hub, which groups they are in, and delivery of messages to them: what
 * {@code clients()}, {@code groups()} and {@code presence()} of a hub and of its
 * {@link io.signet.hub.HubContext} call. The in-memory {@link LocalHubLifetimeManager} serves one
 * process; a {@link ScaleOut} supplies one that spans processes.
 *
 * <p>Implementations are thread-safe and never block: every operation returns at once and
 * completes its stage later. A send serialises its message once per protocol and skips recipients
 * that are gone. Group names and user ids compare case-sensitively. Messages sent from one thread
 * reach each connection in the order they were sent.
 */
public interface HubLifetimeManager {

  /**
   * Sends to every connection of the hub except {@code excludedIds}.
   *
   * @param message the message
   * @param excludedIds the connections left out
   * @return completes once the message is queued here and sent on to the other processes
   */
  CompletionStage<Void> sendAll(InvocationMessage message, Collection<String> excludedIds);

  /**
   * Sends to these connections; unknown ids are skipped.
   *
   * @param connectionIds the connections' ids
   * @param message the message
   * @return completes once the message is queued here and sent on to the other processes
   */
  CompletionStage<Void> sendConnections(Collection<String> connectionIds, InvocationMessage message);

  /**
   * Sends to the members of these groups except {@code excludedIds}; a connection in two of the
   * groups receives the message twice, as in ASP.NET Core.
   *
   * @param groupNames the groups' names
   * @param message the message
   * @param excludedIds the connections left out
   * @return completes once the message is queued here and sent on to the other processes
   */
  CompletionStage<Void> sendGroups(
      Collection<String> groupNames, InvocationMessage message, Collection<String> excludedIds);

  /**
   * Sends to every connection of these users.
   *
   * @param userIds the users' ids
   * @param message the message
   * @return completes once the message is queued here and sent on to the other processes
   */
  CompletionStage<Void> sendUsers(Collection<String> userIds, InvocationMessage message);

  /**
   * Invokes {@code method} on one connection and awaits its result (a client result).
   *
   * @param connectionId the connection's id
   * @param method the name of the client's handler
   * @param arguments its arguments
   * @param resultType the type the result is bound to
   * @param timeout how long to wait for the answer
   * @return the result bound to {@code resultType}; fails with an {@link java.io.IOException}
   *     when the connection does not exist or disconnects, a
   *     {@link java.util.concurrent.TimeoutException} after {@code timeout}, and a
   *     {@link io.signet.hub.HubException} carrying the client's error
   */
  CompletionStage<Object> invokeConnection(String connectionId, String method,
      List<Object> arguments, Type resultType, Duration timeout);

  /**
   * Adds a connection to a group. Completes once a send to the group from any node reaches the
   * connection; a no-op for an unknown connection.
   *
   * @param connectionId the connection's id
   * @param groupName the group's name
   * @return completes once sends to the group from any node reach the connection
   */
  CompletionStage<Void> addToGroup(String connectionId, String groupName);

  /**
   * Removes a connection from a group; a no-op for an unknown connection.
   *
   * @param connectionId the connection's id
   * @param groupName the group's name
   * @return completes once the connection is out of the group
   */
  CompletionStage<Void> removeFromGroup(String connectionId, String groupName);

  /**
   * The ids of the connections in a group.
   *
   * @param groupName the group's name
   * @return completes with the ids, across every node
   */
  CompletionStage<Set<String>> groupConnections(String groupName);

  /**
   * The ids of the users with a connection in a group (connections without a user are left out).
   *
   * @param groupName the group's name
   * @return completes with the ids, across every node
   */
  CompletionStage<Set<String>> groupUsers(String groupName);

  /**
   * The ids of the connections of a user.
   *
   * @param userId the user's id
   * @return completes with the ids, across every node
   */
  CompletionStage<Set<String>> userConnections(String userId);
}
