package io.signet.interop.soak;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.NonBlocking;
import java.util.concurrent.CompletionStage;

/**
 * The hub of the soak test ({@code js/soak.mjs}). Every message it sends is
 * {@code Msg(sender connection id, seq, target, payload)}, the target being the group name or
 * {@code "*"} for everyone. The sending methods return the stage of the send, which completes once
 * the message is queued for every recipient: a client's {@code invoke} completes only then, and
 * that completion is what the soak calls an acknowledgement.
 *
 * <p>{@link #broadcast} is {@link NonBlocking} and so runs on the thread that read the call, while
 * {@link #send} runs on the hub executor: one client's calls of both must still take effect in
 * the order sent, which the soak's per-sender order check sees.
 */
@HubEndpoint("/soak")
public class SoakHub extends Hub {
  /** The target of a message to everyone. */
  public static final String EVERYONE = "*";

  /** The caller's connection id; the client has none of its own when it skips negotiation. */
  public String connectionId() {
    return context().connectionId();
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> leave(String group) {
    return groups().remove(context().connectionId(), group);
  }

  /** Sends to the members of {@code group}. */
  public CompletionStage<Void> send(String group, long seq, String payload) {
    return clients().group(group).send("Msg", context().connectionId(), seq, group, payload);
  }

  /** Sends to every connection of the hub. */
  @NonBlocking
  public CompletionStage<Void> broadcast(long seq, String payload) {
    return clients().all().send("Msg", context().connectionId(), seq, EVERYONE, payload);
  }
}
