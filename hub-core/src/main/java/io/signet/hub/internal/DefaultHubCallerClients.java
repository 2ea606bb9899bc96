package io.signet.hub.internal;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubCallerClients;
import io.signet.hub.SingleClientProxy;
import io.signet.hub.scaleout.HubLifetimeManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@link io.signet.hub.HubClients} that also know the calling connection. A hub method may await a
 * client result with default options, as in ASP.NET Core 8: it returns (or composes) the stage,
 * and the client's answer is read while the call holds its invocation slot. Client results are
 * refused in {@code onConnected} and {@code onDisconnected}, as in ASP.NET Core. Thread-safe.
 */
final class DefaultHubCallerClients extends DefaultHubClients implements HubCallerClients {
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
    return caller.isInLifecycleCallback() ? RESULTS_IN_LIFECYCLE : null;
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
