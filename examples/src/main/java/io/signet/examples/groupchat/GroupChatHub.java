package io.signet.examples.groupchat;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The walkthrough's {@code GroupChatHub}, with every connection following the hub groups of all
 * the chat groups its user has joined: a page gets the messages of each of them, and counts those
 * of groups it does not show as unread. Messages are not sent through the hub: the REST API saves
 * each one and then pushes {@code ReceiveMessage(dto)} to the group through the hub context, and
 * adds and removes the user's connections when he joins or leaves a group
 * ({@link Membership}).
 *
 * <p>Unlike the walkthrough's hub, {@code JoinGroup} checks that the user has joined the chat group
 * (through the REST API): otherwise anyone signed in could listen to any group. The hub group of
 * chat group 7 is named {@code "7"}.
 */
@Authorize
@HubEndpoint("/hubs/groupchat")
public class GroupChatHub extends Hub {
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
    Membership.await(groups.memberGroupIds(user).stream()
        .map(id -> groups().add(context().connectionId(), hubGroup(id))));
  }

  /**
   * Adds the calling connection to the hub group of {@code groupId}. The connection follows its
   * user's groups from the start; a page calls this to be sure after joining one.
   *
   * @throws HubException if the group does not exist or the user has not joined it
   */
  public CompletionStage<Void> joinGroup(String groupId) throws SQLException {
    long id = parse(groupId);
    // @Authorize on the class guarantees a user here.
    String user = context().user().getName();
    if (!groups.isMember(id, user)) {
      throw new HubException("You are not a member of group " + id + "; join it first");
    }
    return groups().add(context().connectionId(), hubGroup(id));
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
