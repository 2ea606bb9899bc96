package io.signet.hub.internal;

import io.signet.protocol.InvocationMessage;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who is connected to one hub, which groups they are in, and delivery of messages to them. The
 * in-memory {@link DefaultHubLifetimeManager} serves one process; a scale-out implementation
 * (Redis) will implement the same contract across processes.
 *
 * <p>Thread-safe. Every send serialises its message once per protocol and never blocks; recipients
 * that are gone are skipped.
 */
interface HubLifetimeManager {

  /** A connection completed its handshake. */
  void onConnected(HubConnectionContext connection);

  /** A connection ended; it leaves every group. */
  void onDisconnected(HubConnectionContext connection);

  CompletionStage<Void> sendAll(InvocationMessage message, Collection<String> excludedIds);

  CompletionStage<Void> sendConnections(Collection<String> connectionIds, InvocationMessage message);

  CompletionStage<Void> sendGroups(
      Collection<String> groupNames, InvocationMessage message, Collection<String> excludedIds);

  CompletionStage<Void> sendUsers(Collection<String> userIds, InvocationMessage message);

  /**
   * Invokes {@code method} on one connection and awaits its result (a client result).
   *
   * @return the result bound to {@code resultType}; fails as {@link io.signet.hub.SingleClientProxy}
   *     describes
   */
  CompletionStage<Object> invokeConnection(String connectionId, String method,
      List<Object> arguments, Type resultType, Duration timeout);

  CompletionStage<Void> addToGroup(String connectionId, String groupName);

  CompletionStage<Void> removeFromGroup(String connectionId, String groupName);
}
