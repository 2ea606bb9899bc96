package io.signet.hub.internal;

import io.signet.protocol.InvocationMessage;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory {@link HubLifetimeManager}: connections by id and groups by name, in concurrent
 * maps. A group exists while it has members. Group names and user ids compare case-sensitively.
 */
final class DefaultHubLifetimeManager implements HubLifetimeManager {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Ids of server-to-client invocations awaiting a result, "1", "2", ... as .NET counts. */
  private final AtomicLong nextInvocationId = new AtomicLong();
  private final ConcurrentHashMap<String, HubConnectionContext> connections =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<HubConnectionContext>> groups =
      new ConcurrentHashMap<>();

  @Override
  public void onConnected(HubConnectionContext connection) {
    connections.put(connection.connectionId(), connection);
  }

  @Override
  public void onDisconnected(HubConnectionContext connection) {
    connections.remove(connection.connectionId(), connection);
    for (String group : connection.groupNames()) {
      leave(group, connection);
    }
  }

  @Override
  public CompletionStage<Void> sendAll(InvocationMessage message, Collection<String> excludedIds) {
    SerializedHubMessage serialized = new SerializedHubMessage(message);
    for (HubConnectionContext connection : connections.values()) {
      if (excludedIds.isEmpty() || !excludedIds.contains(connection.connectionId())) {
        connection.write(serialized);
      }
    }
    return DONE;
  }

  @Override
  public CompletionStage<Void> sendConnections(
      Collection<String> connectionIds, InvocationMessage message) {
    SerializedHubMessage serialized = new SerializedHubMessage(message);
    for (String id : connectionIds) {
      HubConnectionContext connection = connections.get(id);
      if (connection != null) {
        connection.write(serialized);
      }
    }
    return DONE;
  }

  @Override
  public CompletionStage<Void> sendGroups(
      Collection<String> groupNames, InvocationMessage message, Collection<String> excludedIds) {
    SerializedHubMessage serialized = new SerializedHubMessage(message);
    for (String name : groupNames) {
      Set<HubConnectionContext> members = groups.get(name);
      if (members == null) {
        continue;
      }
      for (HubConnectionContext connection : members) {
        if (excludedIds.isEmpty() || !excludedIds.contains(connection.connectionId())) {
          connection.write(serialized);
        }
      }
    }
    return DONE;
  }

  @Override
  public CompletionStage<Void> sendUsers(Collection<String> userIds, InvocationMessage message) {
    SerializedHubMessage serialized = new SerializedHubMessage(message);
    for (HubConnectionContext connection : connections.values()) {
      String user = connection.userIdentifier();
      if (user != null && userIds.contains(user)) {
        connection.write(serialized);
      }
    }
    return DONE;
  }

  @Override
  public CompletionStage<Object> invokeConnection(String connectionId, String method,
      List<Object> arguments, Type resultType, Duration timeout) {
    HubConnectionContext connection = connections.get(connectionId);
    if (connection == null) {
      return CompletableFuture.failedFuture(
          new IOException("Connection '" + connectionId + "' does not exist."));
    }
    String invocationId = Long.toString(nextInvocationId.incrementAndGet());
    CompletableFuture<Object> result = new CompletableFuture<>();
    connection.expectResult(invocationId, new PendingResult(resultType, result));
    try {
      connection.writeNow(
          new InvocationMessage(invocationId, method, arguments, List.of(), Map.of()));
    } catch (RuntimeException e) {
      connection.openCalls().takeResult(invocationId);
      result.completeExceptionally(e); // an argument could not be serialised
    }
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
        result.completeExceptionally(new TimeoutException("The client did not answer '" + method
            + "' within " + timeout.toMillis() + " ms.")));
    // A timed-out or failed call no longer waits for the client's answer.
    return result.whenComplete((value, failure) -> connection.openCalls().takeResult(invocationId));
  }

  @Override
  public CompletionStage<Void> addToGroup(String connectionId, String groupName) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(groupName, "groupName == null");
    HubConnectionContext connection = connections.get(connectionId);
    if (connection == null) {
      return DONE;
    }
    groups.compute(groupName, (name, members) -> {
      Set<HubConnectionContext> result = members != null ? members : ConcurrentHashMap.newKeySet();
      result.add(connection);
      return result;
    });
    connection.addGroupName(groupName);
    if (!connection.isOpen()) {
      // It disconnected meanwhile and may have missed this group when leaving the others.
      leave(groupName, connection);
    }
    return DONE;
  }

  @Override
  public CompletionStage<Void> removeFromGroup(String connectionId, String groupName) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(groupName, "groupName == null");
    HubConnectionContext connection = connections.get(connectionId);
    if (connection != null) {
      connection.removeGroupName(groupName);
      leave(groupName, connection);
    }
    return DONE;
  }

  /** The number of groups with members; for tests. */
  int groupCount() {
    return groups.size();
  }

  private void leave(String groupName, HubConnectionContext connection) {
    groups.computeIfPresent(groupName, (name, members) -> {
      members.remove(connection);
      return members.isEmpty() ? null : members;
    });
  }
}
