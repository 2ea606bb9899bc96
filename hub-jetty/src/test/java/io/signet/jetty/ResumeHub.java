package io.signet.jetty;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A hub for the stateful reconnect tests: it records the numbers each connection sends, in the
 * order its calls run, and every {@code onConnected} and {@code onDisconnected}.
 */
@HubEndpoint("/resume")
public class ResumeHub extends Hub {
  /** {@code "connected <id>"} and {@code "disconnected <id> <error type or null>"}, in order. */
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
  /** The numbers each connection recorded, by connection id. */
  static final Map<String, List<Integer>> RECORDED = new ConcurrentHashMap<>();

  public void record(int number) {
    RECORDED.computeIfAbsent(context().connectionId(),
        id -> Collections.synchronizedList(new ArrayList<>())).add(number);
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public void keep(String value) {
    context().items().put("kept", value);
  }

  public Object kept() {
    return context().items().get("kept");
  }

  public void abort() {
    context().abort();
  }

  @Override
  public void onConnected() {
    EVENTS.add("connected " + context().connectionId());
  }

  @Override
  public void onDisconnected(Throwable error) {
    EVENTS.add("disconnected " + context().connectionId() + " "
        + (error == null ? "null" : error.getClass().getSimpleName()));
  }
}
