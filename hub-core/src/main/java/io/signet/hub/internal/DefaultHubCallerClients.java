package io.signet.hub.internal;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubCallerClients;
import java.util.List;
import java.util.Set;

/** {@link io.signet.hub.HubClients} that also know the calling connection. Thread-safe. */
final class DefaultHubCallerClients extends DefaultHubClients implements HubCallerClients {
  private final String callerId;
  private final Set<String> callerOnly;

  DefaultHubCallerClients(HubLifetimeManager manager, String callerId) {
    super(manager);
    this.callerId = callerId;
    this.callerOnly = Set.of(callerId);
  }

  @Override
  public ClientProxy caller() {
    List<String> ids = List.of(callerId);
    return proxy(message -> manager.sendConnections(ids, message));
  }

  @Override
  public ClientProxy others() {
    return proxy(message -> manager.sendAll(message, callerOnly));
  }

  @Override
  public ClientProxy othersInGroup(String groupName) {
    List<String> names = List.of(requireGroupName(groupName));
    return proxy(message -> manager.sendGroups(names, message, callerOnly));
  }
}
