package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubContext;
import io.signet.hub.HubEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub of the stateful reconnect scenario ({@code js/stateful-reconnect.mjs}): it records the
 * numbers each connection sends and every {@code onConnected} and {@code onDisconnected}, and
 * sends numbered {@code Tick(n)} messages to a client from a thread of its own, so that messages
 * flow both ways at once.
 */
@HubEndpoint("/stateful")
public class StatefulHub extends Hub {
  /** The numbers each connection sent, by connection id, in the order its calls ran. */
  static final Map<String, List<Integer>> RECEIVED = new ConcurrentHashMap<>();
  /** {@code "connected"} and {@code "disconnected <error type or null>"}, by connection id. */
  static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();
  /** Set by the test once Signet is built: the ticks are sent from outside any hub call. */
  static volatile HubContext<StatefulHub> hubContext;

  private static List<String> eventsOf(String connectionId) {
    return EVENTS.computeIfAbsent(connectionId,
        id -> Collections.synchronizedList(new ArrayList<>()));
  }

  public void record(int number) {
    RECEIVED.computeIfAbsent(context().connectionId(),
        id -> Collections.synchronizedList(new ArrayList<>())).add(number);
  }

  /** Everything this connection sent so far; as a call, it comes after all of them. */
  public List<Integer> received() {
    List<Integer> numbers = RECEIVED.getOrDefault(context().connectionId(), List.of());
    synchronized (numbers) {
      return List.copyOf(numbers);
    }
  }

  /** Starts sending {@code Tick(1)} to {@code Tick(count)} to the caller, one every 5 ms. */
  public void startTicks(int count) {
    String connectionId = context().connectionId();
    Thread ticker = new Thread(() -> {
      for (int i = 1; i <= count; i++) {
        hubContext.clients().client(connectionId).send("Tick", i);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a steady flow, not a burst
      }
    }, "stateful-hub-ticks");
    ticker.setDaemon(true);
    ticker.start();
  }

  public String echo(String message) {
    return message;
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletionStage<Void> tellGroup(String group, String message) {
    return clients().group(group).send("Told", message);
  }

  public void keep(String value) {
    context().items().put("kept", value);
  }

  public Object kept() {
    return context().items().get("kept");
  }

  @Override
  public void onConnected() {
    eventsOf(context().connectionId()).add("connected");
  }

  @Override
  public void onDisconnected(Throwable error) {
    eventsOf(context().connectionId())
        .add("disconnected " + (error == null ? "null" : error.getClass().getSimpleName()));
    synchronized (EVENTS) {
      EVENTS.notifyAll();
    }
  }

  /** The events of {@code connectionId} so far. */
  static List<String> events(String connectionId) {
    List<String> events = eventsOf(connectionId);
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * Waits up to {@code millis} for {@code connectionId} to be disconnected.
   *
   * @return its events then, whether or not it was
   */
  static List<String> awaitDisconnected(String connectionId, long millis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (EVENTS) {
      while (events(connectionId).stream().noneMatch(e -> e.startsWith("disconnected"))) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          break;
        }
        EVENTS.wait(left);
      }
    }
    return events(connectionId);
  }
}
