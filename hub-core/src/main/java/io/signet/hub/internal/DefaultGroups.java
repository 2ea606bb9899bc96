package io.signet.hub.internal;

import io.signet.hub.Groups;
import io.signet.hub.scaleout.HubLifetimeManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link Groups} over a {@link HubLifetimeManager}; fails exceptionally, never by throwing. */
final class DefaultGroups implements Groups {
  private final HubLifetimeManager manager;

  DefaultGroups(HubLifetimeManager manager) {
    this.manager = manager;
  }

  @Override
  public CompletionStage<Void> add(String connectionId, String groupName) {
    try {
      return manager.addToGroup(connectionId, groupName);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Void> remove(String connectionId, String groupName) {
    try {
      return manager.removeFromGroup(connectionId, groupName);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
