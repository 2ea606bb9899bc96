package io.signet.hub.internal;

import io.signet.hub.HubFilter;
import io.signet.hub.HubInvocationContext;
import io.signet.hub.HubLifetimeContext;
import java.util.List;

/** Runs {@link HubFilter}s around hub calls, the first filter outermost. Immutable. */
final class FilterChain {
  private final List<HubFilter> filters;

  FilterChain(List<HubFilter> filters) {
    this.filters = List.copyOf(filters);
  }

  boolean isEmpty() {
    return filters.isEmpty();
  }

  Object invoke(HubInvocationContext invocation, HubFilter.InvocationNext method)
      throws Exception {
    return invokeFrom(0, invocation, method);
  }

  private Object invokeFrom(int index, HubInvocationContext invocation,
      HubFilter.InvocationNext method) throws Exception {
    if (index == filters.size()) {
      return method.invoke(invocation);
    }
    return filters.get(index).invokeMethod(invocation,
        next -> invokeFrom(index + 1, next, method));
  }

  void onConnected(HubLifetimeContext context, HubFilter.LifetimeNext hub) throws Exception {
    connectedFrom(0, context, hub);
  }

  private void connectedFrom(int index, HubLifetimeContext context, HubFilter.LifetimeNext hub)
      throws Exception {
    if (index == filters.size()) {
      hub.proceed(context);
      return;
    }
    filters.get(index).onConnected(context, next -> connectedFrom(index + 1, next, hub));
  }

  void onDisconnected(HubLifetimeContext context, Throwable error, HubFilter.DisconnectNext hub)
      throws Exception {
    disconnectedFrom(0, context, error, hub);
  }

  private void disconnectedFrom(int index, HubLifetimeContext context, Throwable error,
      HubFilter.DisconnectNext hub) throws Exception {
    if (index == filters.size()) {
      hub.proceed(context, error);
      return;
    }
    filters.get(index).onDisconnected(context, error,
        (next, nextError) -> disconnectedFrom(index + 1, next, nextError, hub));
  }
}
