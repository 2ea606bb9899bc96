package io.signet.redis;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** A hub whose methods exercise each kind of cross-node send. */
@HubEndpoint("/scale")
public class ScaleHub extends Hub {

  public String whoAmI() {
    return context().connectionId();
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> leave(String group) {
    return groups().remove(context().connectionId(), group);
  }

  public CompletionStage<Void> toAll(String text) {
    return clients().all().send("Message", "all", text);
  }

  public CompletionStage<Void> toOthers(String text) {
    return clients().others().send("Message", "others", text);
  }

  public CompletionStage<Void> toGroup(String group, String text) {
    return clients().group(group).send("Message", "group", text);
  }

  public CompletionStage<Void> toOthersInGroup(String group, String text) {
    return clients().othersInGroup(group).send("Message", "othersInGroup", text);
  }

  public CompletionStage<Void> toClient(String connectionId, String text) {
    return clients().client(connectionId).send("Message", "client", text);
  }

  public CompletionStage<Void> toUser(String user, String text) {
    return clients().user(user).send("Message", "user", text);
  }

  public CompletionStage<Void> addToGroup(String connectionId, String group) {
    return groups().add(connectionId, group);
  }

  public CompletionStage<String> ask(String connectionId, String question) {
    return clients().client(connectionId).invoke("Answer", String.class, question);
  }

  public CompletionStage<Set<String>> groupMembers(String group) {
    return presence().groupConnections(group);
  }

  public CompletionStage<Set<String>> groupUsers(String group) {
    return presence().groupUsers(group);
  }

  public CompletionStage<Boolean> online(String user) {
    return presence().isUserOnline(user);
  }
}
