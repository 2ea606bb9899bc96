package io.signet.interop.scaleout;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The hub every node of a {@link Cluster} serves at {@code /cluster}: each method sends one kind
 * of message (as {@code Message(kind, text)}) or changes or reads groups and presence, so that a
 * scenario can drive every cross-node path from any client.
 */
@HubEndpoint("/cluster")
public class ClusterHub extends Hub {

  public String whoAmI() {
    return context().connectionId();
  }

  /** Returns its argument: a call whose result proves it ran, wherever its request landed. */
  public String echo(String text) {
    return text;
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> leave(String group) {
    return groups().remove(context().connectionId(), group);
  }

  public CompletionStage<Void> addToGroup(String connectionId, String group) {
    return groups().add(connectionId, group);
  }

  public CompletionStage<Void> removeFromGroup(String connectionId, String group) {
    return groups().remove(connectionId, group);
  }

  public CompletionStage<Void> toAll(String text) {
    return clients().all().send("Message", "all", text);
  }

  public CompletionStage<Void> toAllExcept(String excluded, String text) {
    return clients().allExcept(Set.of(excluded)).send("Message", "allExcept", text);
  }

  public CompletionStage<Void> toOthers(String text) {
    return clients().others().send("Message", "others", text);
  }

  public CompletionStage<Void> toClient(String connectionId, String text) {
    return clients().client(connectionId).send("Message", "client", text);
  }

  public CompletionStage<Void> toClients(String[] connectionIds, String text) {
    return clients().clients(Set.of(connectionIds)).send("Message", "clients", text);
  }

  public CompletionStage<Void> toGroup(String group, String text) {
    return clients().group(group).send("Message", "group", text);
  }

  public CompletionStage<Void> toGroups(String[] groups, String text) {
    return clients().groups(Set.of(groups)).send("Message", "groups", text);
  }

  public CompletionStage<Void> toGroupExcept(String group, String excluded, String text) {
    return clients().groupExcept(group, Set.of(excluded)).send("Message", "groupExcept", text);
  }

  public CompletionStage<Void> toOthersInGroup(String group, String text) {
    return clients().othersInGroup(group).send("Message", "othersInGroup", text);
  }

  public CompletionStage<Void> toUser(String user, String text) {
    return clients().user(user).send("Message", "user", text);
  }

  public CompletionStage<Void> toUsers(String[] users, String text) {
    return clients().users(Set.of(users)).send("Message", "users", text);
  }

  /**
   * Sends {@code Sample(label, sample)} to a group: the sample as the caller's protocol bound it
   * to plain values (maps, lists, strings, numbers, booleans, null), written again in the
   * protocol of each member, on whichever node.
   */
  public CompletionStage<Void> sampleToGroup(String group, String label, Object sample) {
    return clients().group(group).send("Sample", label, sample);
  }

  /** Sends {@code count} numbered messages to one connection, in order, from this thread. */
  public CompletionStage<Void> sequence(String connectionId, int count) {
    CompletionStage<Void> last = null;
    for (int i = 0; i < count; i++) {
      last = clients().client(connectionId).send("Message", "sequence", Integer.toString(i));
    }
    return last;
  }

  /** A client result from any connection, on whichever node it is. */
  public CompletionStage<String> ask(String connectionId, String question) {
    return clients().client(connectionId).invoke("Answer", String.class, question);
  }

  /**
   * As {@link #ask}, but describes the outcome instead of failing with it, so that a client sees
   * the exception the hub got ({@code answered: <value>} or {@code failed: <class>: <message>}),
   * not the generic text a failed invocation carries.
   */
  public CompletionStage<String> describeAnswer(String connectionId, String question) {
    return clients().client(connectionId).invoke("Answer", String.class, question)
        .handle((value, failure) -> {
          if (failure == null) {
            return "answered: " + value;
          }
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          String message = cause.getMessage();
          return "failed: " + cause.getClass().getName() + (message == null ? "" : ": " + message);
        });
  }

  public CompletionStage<Set<String>> groupConnections(String group) {
    return presence().groupConnections(group);
  }

  public CompletionStage<Set<String>> groupUsers(String group) {
    return presence().groupUsers(group);
  }

  public CompletionStage<Set<String>> userConnections(String user) {
    return presence().userConnections(user);
  }

  public CompletionStage<Boolean> isUserOnline(String user) {
    return presence().isUserOnline(user);
  }
}
