package io.signet.hub.internal;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubClients;
import io.signet.hub.SingleClientProxy;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.protocol.InvocationMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** {@link HubClients} over a {@link HubLifetimeManager}. Immutable and thread-safe. */
class DefaultHubClients implements HubClients {
  final HubLifetimeManager manager;
  final Duration resultTimeout;

  DefaultHubClients(HubLifetimeManager manager, Duration resultTimeout) {
    this.manager = manager;
    this.resultTimeout = resultTimeout;
  }

  @Override
  public ClientProxy all() {
    return proxy(message -> manager.sendAll(message, Set.of()));
  }

  @Override
  public ClientProxy allExcept(Collection<String> excludedConnectionIds) {
    Set<String> excluded = Set.copyOf(excludedConnectionIds);
    return proxy(message -> manager.sendAll(message, excluded));
  }

  @Override
  public SingleClientProxy client(String connectionId) {
    return new DefaultSingleClientProxy(manager, connectionId, resultTimeout, () -> null);
  }

  @Override
  public ClientProxy clients(Collection<String> connectionIds) {
    List<String> ids = List.copyOf(connectionIds);
    return proxy(message -> manager.sendConnections(ids, message));
  }

  @Override
  public ClientProxy group(String groupName) {
    List<String> names = List.of(requireGroupName(groupName));
    return proxy(message -> manager.sendGroups(names, message, Set.of()));
  }

  @Override
  public ClientProxy groups(Collection<String> groupNames) {
    List<String> names = List.copyOf(groupNames);
    names.forEach(DefaultHubClients::requireGroupName);
    return proxy(message -> manager.sendGroups(names, message, Set.of()));
  }

  @Override
  public ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds) {
    List<String> names = List.of(requireGroupName(groupName));
    Set<String> excluded = Set.copyOf(excludedConnectionIds);
    return proxy(message -> manager.sendGroups(names, message, excluded));
  }

  @Override
  public ClientProxy user(String userId) {
    Set<String> users = Set.of(userId);
    return proxy(message -> manager.sendUsers(users, message));
  }

  @Override
  public ClientProxy users(Collection<String> userIds) {
    Set<String> users = Set.copyOf(userIds);
    return proxy(message -> manager.sendUsers(users, message));
  }

  static String requireGroupName(String groupName) {
    if (groupName == null || groupName.isEmpty()) {
      throw new IllegalArgumentException("Cannot send to an empty group name.");
    }
    return groupName;
  }

  /** A proxy that builds the invocation and hands it to {@code sender}. */
  static ClientProxy proxy(Function<InvocationMessage, CompletionStage<Void>> sender) {
    return (method, arguments) -> {
      InvocationMessage message;
      try {
        List<Object> args = arguments == null ? List.of() : Arrays.asList(arguments);
        message = InvocationMessage.nonBlocking(method, args);
        return sender.apply(message);
      } catch (RuntimeException e) {
        // An empty method name, or an argument the payload mapper cannot serialise.
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
