package io.signet.hub.internal;

import io.signet.hub.scaleout.LocalConnection;
import io.signet.hub.scaleout.LocalConnectionListener;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.hub.scaleout.SerializedHubMessage;
import io.signet.protocol.InvocationMessage;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
 * The in-memory {@link LocalHubLifetimeManager}: connections by id, groups by name and
 * connections by user, in concurrent maps. A group (or user) exists while it has connections.
 * Group names and user ids compare case-sensitively.
 */
final class DefaultHubLifetimeManager implements LocalHubLifetimeManager {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Ids of server-to-client invocations awaiting a result, "1", "2", ... as .NET counts. */
  private final AtomicLong nextInvocationId = new AtomicLong();
  private final ConcurrentHashMap<String, HubConnectionContext> connections =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<HubConnectionContext>> groups =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<HubConnectionContext>> users =
      new ConcurrentHashMap<>();
  private volatile LocalConnectionListener listener;

  /**
   * A connection completed its handshake.
   *
   * @return the listener's stage: completes once the connection can be reached from other
   *     processes (at once without a listener); see {@link LocalConnectionListener#onConnected}
   */
  CompletionStage<Void> onConnected(HubConnectionContext connection) {
    connections.put(connection.connectionId(), connection);
    String user = connection.userIdentifier();
    if (user != null) {
      join(users, user, connection);
    }
    LocalConnectionListener current = listener;
    if (current == null) {
      return DONE;
    }
    return current.onConnected(new LocalConnection(connection.connectionId(), user, Set.of()));
  }

  /** A connection ended; it leaves every group. */
  void onDisconnected(HubConnectionContext connection) {
    connections.remove(connection.connectionId(), connection);
    String user = connection.userIdentifier();
    if (user != null) {
      leave(users, user, connection);
    }
    Set<String> left = Set.copyOf(connection.groupNames());
    for (String group : left) {
      leave(groups, group, connection);
    }
    LocalConnectionListener current = listener;
    if (current != null) {
      current.onDisconnected(new LocalConnection(connection.connectionId(), user, left));
    }
  }

  @Override
  public void setListener(LocalConnectionListener value) {
    this.listener = value;
  }

  // ---- sends

  @Override
  public CompletionStage<Void> sendAll(InvocationMessage message, Collection<String> excludedIds) {
    sendAll(SerializedHubMessage.of(message), excludedIds);
    return DONE;
  }

  @Override
  public void sendAll(SerializedHubMessage message, Collection<String> excludedIds) {
    for (HubConnectionContext connection : connections.values()) {
      if (excludedIds.isEmpty() || !excludedIds.contains(connection.connectionId())) {
        connection.write(message);
      }
    }
  }

  @Override
  public CompletionStage<Void> sendConnections(
      Collection<String> connectionIds, InvocationMessage message) {
    sendConnections(connectionIds, SerializedHubMessage.of(message));
    return DONE;
  }

  @Override
  public void sendConnections(Collection<String> connectionIds, SerializedHubMessage message) {
    for (String id : connectionIds) {
      HubConnectionContext connection = connections.get(id);
      if (connection != null) {
        connection.write(message);
      }
    }
  }

  @Override
  public CompletionStage<Void> sendGroups(
      Collection<String> groupNames, InvocationMessage message, Collection<String> excludedIds) {
    sendGroups(groupNames, SerializedHubMessage.of(message), excludedIds);
    return DONE;
  }

  @Override
  public void sendGroups(Collection<String> groupNames, SerializedHubMessage message,
      Collection<String> excludedIds) {
    for (String name : groupNames) {
      Set<HubConnectionContext> members = groups.get(name);
      if (members == null) {
        continue;
      }
      for (HubConnectionContext connection : members) {
        if (excludedIds.isEmpty() || !excludedIds.contains(connection.connectionId())) {
          connection.write(message);
        }
      }
    }
  }

  @Override
  public CompletionStage<Void> sendUsers(Collection<String> userIds, InvocationMessage message) {
    sendUsers(userIds, SerializedHubMessage.of(message));
    return DONE;
  }

  @Override
  public void sendUsers(Collection<String> userIds, SerializedHubMessage message) {
    for (String user : userIds) {
      Set<HubConnectionContext> own = users.get(user);
      if (own != null) {
        for (HubConnectionContext connection : own) {
          connection.write(message);
        }
      }
    }
  }

  // ---- client results

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
    if (!connection.expectResult(invocationId, new PendingResult(resultType, result))) {
      return result; // failed at once: the connection awaits as many results as it may
    }
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

  // ---- groups

  @Override
  public CompletionStage<Void> addToGroup(String connectionId, String groupName) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    Objects.requireNonNull(groupName, "groupName == null");
    HubConnectionContext connection = connections.get(connectionId);
    if (connection == null) {
      return DONE;
    }
    join(groups, groupName, connection);
    connection.addGroupName(groupName);
    if (!connection.isOpen()) {
      // It disconnected meanwhile and may have missed this group when leaving the others.
      leave(groups, groupName, connection);
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
      leave(groups, groupName, connection);
    }
    return DONE;
  }

  // ---- presence

  @Override
  public CompletionStage<Set<String>> groupConnections(String groupName) {
    Set<String> ids = new HashSet<>();
    for (HubConnectionContext connection : groups.getOrDefault(groupName, Set.of())) {
      ids.add(connection.connectionId());
    }
    return CompletableFuture.completedFuture(Set.copyOf(ids));
  }

  @Override
  public CompletionStage<Set<String>> groupUsers(String groupName) {
    Set<String> ids = new HashSet<>();
    for (HubConnectionContext connection : groups.getOrDefault(groupName, Set.of())) {
      if (connection.userIdentifier() != null) {
        ids.add(connection.userIdentifier());
      }
    }
    return CompletableFuture.completedFuture(Set.copyOf(ids));
  }

  @Override
  public CompletionStage<Set<String>> userConnections(String userId) {
    Set<String> ids = new HashSet<>();
    for (HubConnectionContext connection : users.getOrDefault(userId, Set.of())) {
      ids.add(connection.connectionId());
    }
    return CompletableFuture.completedFuture(Set.copyOf(ids));
  }

  @Override
  public boolean hasConnection(String connectionId) {
    return connectionId != null && connections.containsKey(connectionId);
  }

  @Override
  public boolean hasGroup(String groupName) {
    return groupName != null && groups.containsKey(groupName);
  }

  @Override
  public boolean hasUser(String userId) {
    return userId != null && users.containsKey(userId);
  }

  @Override
  public List<LocalConnection> connections() {
    List<LocalConnection> snapshot = new ArrayList<>(connections.size());
    for (HubConnectionContext connection : connections.values()) {
      snapshot.add(new LocalConnection(
          connection.connectionId(), connection.userIdentifier(), connection.groupNames()));
    }
    return snapshot;
  }

  /** The number of groups with members; for tests. */
  int groupCount() {
    return groups.size();
  }

  private static void join(ConcurrentHashMap<String, Set<HubConnectionContext>> index, String key,
      HubConnectionContext connection) {
    index.compute(key, (name, members) -> {
      Set<HubConnectionContext> result = members != null ? members : ConcurrentHashMap.newKeySet();
      result.add(connection);
      return result;
    });
  }

  private static void leave(ConcurrentHashMap<String, Set<HubConnectionContext>> index, String key,
      HubConnectionContext connection) {
    index.computeIfPresent(key, (name, members) -> {
      members.remove(connection);
      return members.isEmpty() ? null : members;
    });
  }
}
