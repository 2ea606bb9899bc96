package io.signet.examples.groupchat;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hub groups in step with the chat groups: when a user joins or leaves a chat group
 * through the API, every connection of his, on any server, starts or stops following its hub
 * group. The connections come from the hub's presence, cluster-wide with a scale-out.
 * Thread-safe.
 */
final class Membership {
  /** Longer than the scale-out's own wait for a group change on another node (10 s). */
  private static final long WAIT_SECONDS = 15;
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final HubContext<GroupChatHub> hub;

  Membership(HubContext<GroupChatHub> hub) {
    this.hub = hub;
  }

  /**
   * Adds every connection of {@code user} to the group's hub group, and waits for it; the group
   * is told its presence changed.
   */
  void follow(String user, long groupId) throws Exception {
    String group = GroupChatHub.hubGroup(groupId);
    await(connections(user).map(connection -> hub.groups().add(connection, group)));
    presenceChanged(hub.clients().group(group), groupId);
  }

  /**
   * Removes every connection of {@code user} from the group's hub group, and waits for it; the
   * group is told its presence changed.
   */
  void unfollow(String user, long groupId) throws Exception {
    String group = GroupChatHub.hubGroup(groupId);
    await(connections(user).map(connection -> hub.groups().remove(connection, group)));
    presenceChanged(hub.clients().group(group), groupId);
  }

  /** Sends {@code PresenceChanged(groupId)} to {@code group}; a failure is only logged. */
  static void presenceChanged(ClientProxy group, long groupId) {
    group.send("PresenceChanged", groupId).whenComplete((ignored, failure) -> {
      if (failure != null) {
        log.warn("Announcing presence in group {} failed", groupId, failure);
      }
    });
  }

  private Stream<String> connections(String user) throws Exception {
    return hub.presence().userConnections(user).toCompletableFuture()
        .get(WAIT_SECONDS, TimeUnit.SECONDS).stream();
  }

  /** Waits for every stage; the first failure is thrown. */
  static void await(Stream<CompletionStage<Void>> stages) throws Exception {
    CompletableFuture.allOf(stages.map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
