package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubMethodName;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A client interface and a hub that calls it, for {@link TypedClientsTest}. */
final class TypedHubs {
  private TypedHubs() {}

  /** What the test clients implement: sends, client results and a default method. */
  interface ChatClient {
    void receiveMessage(String user, String message);

    @HubMethodName("Notify")
    CompletableFuture<Void> notice(String text);

    CompletionStage<String> getMessage(String question);

    CompletionStage<List<TestHubs.Point>> getPoints();

    default void greet(String user) {
      receiveMessage("server", "hello " + user);
    }
  }

  public static class ChatHub extends Hub {
    public void toAll(String message) {
      clients().all().as(ChatClient.class).receiveMessage(context().connectionId(), message);
    }

    public CompletionStage<Void> toOthers(String text) {
      return clients().others().as(ChatClient.class).notice(text);
    }

    public void greetCaller() {
      clients().caller().as(ChatClient.class).greet(context().connectionId());
    }

    public void join(String group) {
      groups().add(context().connectionId(), group).toCompletableFuture().join();
    }

    public void toOthersInGroup(String group, String text) {
      clients().othersInGroup(group).as(ChatClient.class).notice(text);
    }

    public CompletionStage<String> askCaller(String question) {
      return clients().caller().as(ChatClient.class).getMessage(question);
    }

    /** The sum of the x of the caller's points: their element type was bound, not left a map. */
    public CompletionStage<Integer> sumCallerPoints() {
      return clients().caller().as(ChatClient.class).getPoints()
          .thenApply(points -> points.stream().mapToInt(TestHubs.Point::x).sum());
    }

    public CompletionStage<String> askAll(String question) {
      return clients().all().as(ChatClient.class).getMessage(question);
    }
  }
}
