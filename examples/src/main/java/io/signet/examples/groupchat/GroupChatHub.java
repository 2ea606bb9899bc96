package io.signet.examples.groupchat;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The walkthrough's {@code GroupChatHub}, with every connection following the hub groups of all
 * the chat groups its user has joined: a page gets the messages of each of them, and counts those
 * of groups it does not show as unread. Messages are not sent through the hub: the REST API saves
 * each one and then pushes {@code ReceiveMessage(dto)} to the group through the hub context, and
 * adds and removes the user's connections when he joins or leaves a group
 * ({@link Membership}).
 *
 * <p>Presence: whenever a member's connection comes or goes, or a member joins or leaves, the
 * group is told {@code PresenceChanged(groupId)}, and pages showing it ask {@code GetOnline} who is
 * online now. The answer comes from the hub's presence, cluster-wide with a scale-out. A server
 * that dies without a word leaves its users online in the answers until the scale-out's node
 * timeout, and the change is then announced by nobody: pages see it at their next question.
 *
 * <p>Unlike the walkthrough's hub, {@code JoinGroup} checks that the user has joined the chat group
 * (through the REST API): otherwise anyone signed in could listen to any group. The hub group of
 * chat group 7 is named {@code "7"}.
 */
@Authorize
@HubEndpoint("/hubs/groupchat")
public class GroupChatHub extends Hub {
  /** The least time between two {@code UserTyping} of one connection and group. */
  private static final long TYPING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String TYPING_KEY = "typing-";

  private final GroupStore groups;

  GroupChatHub(GroupStore groups) {
    this.groups = Objects.requireNonNull(groups, "groups == null");
  }

  /**
   * Follows the user's groups, before any call of the connection is dispatched: from then on it
   * gets their messages.
   */
  @Override
  public void onConnected() throws Exception {
    String user = context().user().getName();
    List<Long> ids = groups.memberGroupIds(user);
    Membership.await(ids.stream()
        .map(id -> groups().add(context().connectionId(), hubGroup(id))));
    ids.forEach(id -> Membership.presenceChanged(clients().group(hubGroup(id)), id));
  }

  /**
   * Tells the user's groups that who is online may have changed: the connection has left its
   * groups by now, and the user is offline if it was his last one.
   */
  @Override
  public void onDisconnected(Throwable error) throws Exception {
    for (long id : groups.memberGroupIds(context().user().getName())) {
      Membership.presenceChanged(clients().group(hubGroup(id)), id);
    }
  }

  /**
   * The members of the group with a connection, on any server, sorted by name. Pages ask for it
   * when they open a group and on every {@code PresenceChanged(groupId)}.
   *
   * @throws HubException if the user is not a member of the group
   */
  public CompletionStage<List<String>> getOnline(String groupId) throws SQLException {
    long id = requireMember(groupId);
    return presence().groupUsers(hubGroup(id)).thenApply(users -> users.stream().sorted().toList());
  }

  /**
   * Tells the group's other connections {@code UserTyping(groupId, user)}: the caller is typing a
   * message to it. Pages send it at most every few seconds while their user types; the hub relays
   * at most one a second per connection and group.
   *
   * @throws HubException if the user is not a member of the group
   */
  public CompletionStage<Void> typing(String groupId) throws SQLException {
    long id = requireMember(groupId);
    // A page that says so more often than pages do is not relayed more often: a second call for
    // the same group within the interval is dropped.
    long now = System.nanoTime();
    Object last = context().items().put(TYPING_KEY + id, now);
    if (last instanceof Long previous && now - previous < TYPING_INTERVAL_NANOS) {
      context().items().put(TYPING_KEY + id, previous);
      return CompletableFuture.completedFuture(null);
    }
    return clients().othersInGroup(hubGroup(id))
        .send("UserTyping", id, context().user().getName());
  }

  /**
   * Adds the calling connection to the hub group of {@code groupId}. The connection follows its
   * user's groups from the start; a page calls this to be sure after joining one.
   *
   * @throws HubException if the group does not exist or the user has not joined it
   */
  public CompletionStage<Void> joinGroup(String groupId) throws SQLException {
    return groups().add(context().connectionId(), hubGroup(requireMember(groupId)));
  }

  private long requireMember(String groupId) throws SQLException {
    long id = parse(groupId);
    // @Authorize on the class guarantees a user here.
    if (!groups.isMember(id, context().user().getName())) {
      throw new HubException("You are not a member of group " + id + "; join it first");
    }
    return id;
  }

  /**
   * Removes the calling connection from the hub group of {@code groupId}; fine if not in it.
   * Leaving the chat group itself is {@code DELETE /api/groups/{id}/members}, which takes every
   * connection of the user out of it.
   */
  public CompletionStage<Void> leaveGroup(String groupId) {
    return groups().remove(context().connectionId(), hubGroup(parse(groupId)));
  }

  /** The hub group a chat group's messages are pushed to. */
  static String hubGroup(long groupId) {
    return Long.toString(groupId);
  }

  static long parse(String groupId) {
    try {
      return Long.parseLong(Objects.requireNonNullElse(groupId, "").trim());
    } catch (NumberFormatException e) {
      throw new HubException("Not a group id: " + groupId);
    }
  }
}
