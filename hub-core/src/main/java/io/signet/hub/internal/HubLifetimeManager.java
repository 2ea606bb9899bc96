package io.signet.hub.internal;

import io.signet.protocol.InvocationMessage;
import java.util.Collection;
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

  CompletionStage<Void> addToGroup(String connectionId, String groupName);

  CompletionStage<Void> removeFromGroup(String connectionId, String groupName);
}
