package io.signet.hub.internal;

import io.signet.hub.Presence;
import io.signet.hub.scaleout.HubLifetimeManager;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link Presence} over a {@link HubLifetimeManager}; fails exceptionally, never by throwing. */
final class DefaultPresence implements Presence {
  private final HubLifetimeManager manager;

  DefaultPresence(HubLifetimeManager manager) {
    this.manager = manager;
  }

  @Override
  public CompletionStage<Set<String>> groupConnections(String groupName) {
    if (groupName == null) {
      return CompletableFuture.failedFuture(new NullPointerException("groupName == null"));
    }
    return guard(() -> manager.groupConnections(groupName));
  }

  @Override
  public CompletionStage<Set<String>> groupUsers(String groupName) {
    if (groupName == null) {
      return CompletableFuture.failedFuture(new NullPointerException("groupName == null"));
    }
    return guard(() -> manager.groupUsers(groupName));
  }

  @Override
  public CompletionStage<Set<String>> userConnections(String userId) {
    if (userId == null) {
      return CompletableFuture.failedFuture(new NullPointerException("userId == null"));
    }
    return guard(() -> manager.userConnections(userId));
  }

  private interface Query {
    CompletionStage<Set<String>> run();
  }

  private static CompletionStage<Set<String>> guard(Query query) {
    try {
      return query.run();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
