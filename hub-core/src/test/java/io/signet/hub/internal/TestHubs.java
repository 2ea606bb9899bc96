package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubException;
import io.signet.hub.HubIgnore;
import io.signet.hub.HubMethodName;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/** Hubs for the hub-layer tests. */
final class TestHubs {
  private TestHubs() {}

  record Point(int x, int y) {}

  /** Events the hubs report, in order. */
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

  /** Futures a test completes to finish an async hub method. */
  static final BlockingQueue<CompletableFuture<String>> PENDING = new LinkedBlockingQueue<>();

  public static class EchoHub extends Hub {
    public String echo(String value) {
      return value;
    }

    public int add(int a, int b) {
      return a + b;
    }

    public Point move(Point point, List<Point> deltas) {
      int x = point.x();
      int y = point.y();
      for (Point delta : deltas) {
        x += delta.x();
        y += delta.y();
      }
      return new Point(x, y);
    }

    public void record(String event) {
      EVENTS.add(event);
    }

    public CompletionStage<String> later() {
      CompletableFuture<String> future = new CompletableFuture<>();
      PENDING.add(future);
      return future;
    }

    public void fail(String message) {
      throw new HubException(message);
    }

    public void crash() {
      throw new IllegalStateException("secret");
    }

    public CompletionStage<String> crashLater() {
      return CompletableFuture.failedFuture(new IllegalStateException("async secret"));
    }

    @HubMethodName("renamed")
    public String originalName() {
      return "renamed";
    }

    @HubIgnore
    public String hidden() {
      return "hidden";
    }

    public String whoAmI() {
      return context().connectionId();
    }

    public CompletionStage<Void> join(String group) {
      return groups().add(context().connectionId(), group);
    }

    public CompletionStage<Void> leave(String group) {
      return groups().remove(context().connectionId(), group);
    }

    public void tellGroup(String group, String text) {
      clients().group(group).send("Told", text);
    }

    public void tellOthers(String text) {
      clients().others().send("Told", text);
    }

    public void tellCaller(String text) {
      clients().caller().send("Told", text);
    }

    public void abort() {
      context().abort();
    }

    public void keep(String value) {
      context().items().put("kept", value);
    }

    public Object kept() {
      return context().items().get("kept");
    }

    public Object unserializable() {
      return new Object() {
        @SuppressWarnings("unused")
        public Object getSelf() {
          return this;
        }
      };
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

  public static class RefusingHub extends Hub {
    @Override
    public void onConnected() {
      throw new HubException("go away");
    }
  }
}
