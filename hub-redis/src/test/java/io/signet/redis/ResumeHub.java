package io.signet.redis;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A hub for the stateful reconnect tests that records every connect and disconnect. */
@HubEndpoint("/resume")
public class ResumeHub extends Hub {
  /**
   * {@code "connected <id>"} and {@code "disconnected <id> <error type or null>"}, in order, from
   * every node of a test (they share the JVM).
   */
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

  public String whoAmI() {
    return context().connectionId();
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
