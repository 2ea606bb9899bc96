package io.signet.bench.server;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.NonBlocking;
import java.util.concurrent.CompletionStage;

/**
 * The hub the load scenarios call on Signet. The floor server answers the same calls with
 * pre-encoded bytes, so both are driven by the same generator.
 *
 * <p>Messages to clients all use the client method {@code Receive}. Every method only queues
 * messages or changes groups, so the hub is {@link NonBlocking}: calls run on the Jetty thread
 * that read them, as the floor answers on its Jetty thread.
 */
@NonBlocking
@HubEndpoint("/bench")
public class BenchHub extends Hub {

  /** Returns the payload: a Completion carrying it back to the caller. */
  public String echo(String payload) {
    return payload;
  }

  /** Sends the payload to every connection of the hub, the caller included. */
  public void broadcast(String payload) {
    clients().all().send("Receive", payload);
  }

  /** Adds the caller to {@code group}; completes once it is a member. */
  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  /** Removes the caller from {@code group}. */
  public CompletionStage<Void> leave(String group) {
    return groups().remove(context().connectionId(), group);
  }

  /** Sends the payload to the members of {@code group}. */
  public void groupSend(String group, String payload) {
    clients().group(group).send("Receive", payload);
  }
}
