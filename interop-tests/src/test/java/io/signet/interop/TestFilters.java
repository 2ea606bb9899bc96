package io.signet.interop;

import io.signet.hub.HubException;
import io.signet.hub.HubFilter;
import io.signet.hub.HubInvocationContext;
import io.signet.hub.HubLifetimeContext;
import java.util.ArrayList;
import java.util.List;

/** The {@link HubFilter}s of the filter scenarios, served around {@link FilteredHub}. */
final class TestFilters {
  private TestFilters() {}

  /**
   * Makes the order of filters visible: adds its name to the list argument of
   * {@code filtersSeen} (replacing the call's arguments, as a filter may), and to the connection's
   * {@link FilteredHub#LIFETIME} list when it connects.
   */
  static final class Tracing implements HubFilter {
    private final String name;

    Tracing(String name) {
      this.name = name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
        throws Exception {
      if (!invocation.methodName().equalsIgnoreCase("filtersSeen")) {
        return next.invoke(invocation);
      }
      List<String> names = new ArrayList<>((List<String>) invocation.arguments().get(0));
      names.add(name);
      return next.invoke(new HubInvocationContext(invocation.hub(), invocation.context(),
          invocation.methodName(), invocation.method(), List.of(names)));
    }

    @Override
    public void onConnected(HubLifetimeContext context, LifetimeNext next) throws Exception {
      FilteredHub.items(context.context().items(), FilteredHub.LIFETIME).add(name);
      next.proceed(context);
    }
  }

  /** Refuses, before the hub method runs, every call with an argument {@code "forbidden"}. */
  static final class RejectForbidden implements HubFilter {
    @Override
    public Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
        throws Exception {
      if (invocation.arguments().contains("forbidden")) {
        throw new HubException("rejected by filter");
      }
      return next.invoke(invocation);
    }
  }

  /**
   * Shows that a filter sees what the hub method threw: turns any exception but a
   * {@link HubException} into one naming it, so that the client sees the filter's report.
   */
  static final class ReportErrors implements HubFilter {
    @Override
    public Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
        throws Exception {
      try {
        return next.invoke(invocation);
      } catch (HubException e) {
        throw e;
      } catch (Exception e) {
        throw new HubException(
            "filter saw " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
    }
  }
}
