package io.signet.containers;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The hub every container serves to {@code js/containers.mjs}: a call with a result, a
 * broadcast, a group and a stream, the few things that cross each transport in each direction.
 * The sends return their stage, so that a call completes once its message is queued for every
 * recipient and the script may wait for it.
 */
@HubEndpoint("/containerhub")
public class ContainerHub extends Hub {

  public String echo(String message) {
    return message;
  }

  public CompletionStage<Void> broadcast(String message) {
    return clients().all().send("Broadcast", message);
  }

  public CompletionStage<Void> joinGroup(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> sendToGroup(String group, String message) {
    return clients().group(group).send("GroupMessage", group, message);
  }

  /** 0 to {@code count - 1}. */
  public Stream<Integer> counter(int count) {
    return IntStream.range(0, count).boxed();
  }
}
