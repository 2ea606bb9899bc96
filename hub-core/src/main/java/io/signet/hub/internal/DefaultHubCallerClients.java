package io.signet.hub.internal;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubCallerClients;
import io.signet.hub.SingleClientProxy;
import io.signet.hub.scaleout.HubLifetimeManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@link io.signet.hub.HubClients} that also know the calling connection. Client results asked
 * from inside a hub method need a free invocation slot for the client's answer, so with one slot
 * per client they fail at once, as in ASP.NET Core. Thread-safe.
 */
final class DefaultHubCallerClients extends DefaultHubClients implements HubCallerClients {
  static final String RESULTS_NEED_PARALLELISM = "Client results inside a Hub method require "
      + "HubOptions.maximumParallelInvocationsPerClient to be greater than 1.";
  static final String RESULTS_IN_LIFECYCLE =
      "Client results inside onConnected and onDisconnected are not allowed.";

  private final HubConnectionContext caller;

  /**
   * A view from {@code caller}: made with each hub instance, so it holds nothing but the caller
   * and nothing stays behind on idle connections.
   */
  DefaultHubCallerClients(HubLifetimeManager manager, Duration resultTimeout,
      HubConnectionContext caller) {
    super(manager, resultTimeout);
    this.caller = caller;
  }

  @Override
  public SingleClientProxy caller() {
    return client(caller.connectionId());
  }

  @Override
  public SingleClientProxy client(String connectionId) {
    return new DefaultSingleClientProxy(manager, connectionId, resultTimeout, this::resultsRefusal);
  }

  private String resultsRefusal() {
    // Client results are refused in onConnected and onDisconnected, as in ASP.NET Core.
    if (caller.isInLifecycleCallback()) {
      return RESULTS_IN_LIFECYCLE;
    }
    return caller.maximumParallelInvocations() > 1 ? null : RESULTS_NEED_PARALLELISM;
  }

  @Override
  public ClientProxy others() {
    Set<String> callerOnly = Set.of(caller.connectionId());
    return proxy(message -> manager.sendAll(message, callerOnly));
  }

  @Override
  public ClientProxy othersInGroup(String groupName) {
    List<String> names = List.of(requireGroupName(groupName));
    Set<String> callerOnly = Set.of(caller.connectionId());
    return proxy(message -> manager.sendGroups(names, message, callerOnly));
  }
}
