package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A hub behind {@link TestFilters}, for the filter scenarios. {@link InteropServer} installs a
 * global {@link TestFilters.Tracing} filter named {@code global}, then, for this hub only,
 * {@code Tracing} filters named {@code hub-first} and {@code hub-second}, a
 * {@link TestFilters.RejectForbidden} and a {@link TestFilters.ReportErrors}.
 */
@HubEndpoint("/filtered")
public class FilteredHub extends Hub {
  /** Keys of {@code context().items()}; the filters add to the same lists. */
  static final String RECORDED = "recorded";
  static final String LIFETIME = "lifetime";

  /** Remembers {@code value}, so that a scenario can tell whether a call reached the hub. */
  public void record(String value) {
    list(RECORDED).add(value);
  }

  /** Every value {@link #record} received on this connection, in order. */
  public List<String> recorded() {
    return snapshot(RECORDED);
  }

  /** Returns its argument, to which each {@link TestFilters.Tracing} filter added its name. */
  public List<String> filtersSeen(List<String> names) {
    return names;
  }

  /** The filters' {@code onConnected} names, then {@code "hub"} for the hub's own. */
  public List<String> lifetime() {
    return snapshot(LIFETIME);
  }

  /** Throws an exception that {@link TestFilters.ReportErrors} sees and reports. */
  public void fail(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public void onConnected() {
    list(LIFETIME).add("hub");
  }

  private List<String> snapshot(String key) {
    List<String> values = list(key);
    synchronized (values) {
      return List.copyOf(values);
    }
  }

  private List<String> list(String key) {
    return items(context().items(), key);
  }

  /** A connection's list under {@code key}, created on first use; thread-safe. */
  @SuppressWarnings("unchecked")
  static List<String> items(Map<Object, Object> items, String key) {
    return (List<String>) items.computeIfAbsent(
        key, ignored -> Collections.synchronizedList(new ArrayList<>()));
  }
}
