package io.signet.hub.internal;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubCallerClients;
import io.signet.hub.SingleClientProxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

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

  private final String callerId;
  private final Set<String> callerOnly;
  private final boolean parallel;
  private final BooleanSupplier inLifecycleCallback;

  /**
   * @param inLifecycleCallback whether the connection is in {@code onConnected} or
   *     {@code onDisconnected}, where client results are refused as in ASP.NET Core
   */
  DefaultHubCallerClients(HubLifetimeManager manager, String callerId, Duration resultTimeout,
      boolean parallel, BooleanSupplier inLifecycleCallback) {
    super(manager, resultTimeout);
    this.callerId = callerId;
    this.callerOnly = Set.of(callerId);
    this.parallel = parallel;
    this.inLifecycleCallback = inLifecycleCallback;
  }

  @Override
  public SingleClientProxy caller() {
    return client(callerId);
  }

  @Override
  public SingleClientProxy client(String connectionId) {
    return new DefaultSingleClientProxy(manager, connectionId, resultTimeout, this::resultsRefusal);
  }

  private String resultsRefusal() {
    if (inLifecycleCallback.getAsBoolean()) {
      return RESULTS_IN_LIFECYCLE;
    }
    return parallel ? null : RESULTS_NEED_PARALLELISM;
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
