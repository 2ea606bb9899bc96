package io.signet.interop;

import io.signet.client.HubConnection;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Records the server's calls of one client method on a connection of Signet's own client, as the
 * {@code Inbox} of {@code js/scenarios.mjs} does: a call with one argument is recorded as its
 * value, a call with several as the list of them. {@link #until} lets a test wait for a message
 * instead of sleeping.
 *
 * <p>Handlers run on the client's callback threads and the test reads from its own, so the
 * recorded state is guarded by this object's lock; futures are completed outside it.
 */
final class InboxRecorder {
  private final List<Object> messages = new ArrayList<>(); // guarded by this
  private final List<Waiter> waiters = new ArrayList<>(); // guarded by this

  private InboxRecorder() {}

  /** Records the calls of {@code Receive(message)}, where the hubs send their messages. */
  static InboxRecorder receive(HubConnection connection) {
    return of(connection, "Receive", String.class);
  }

  /** Records the calls of {@code method}, their arguments bound to {@code types}. */
  static InboxRecorder of(HubConnection connection, String method, Type... types) {
    InboxRecorder inbox = new InboxRecorder();
    // Arrays.asList, not List.of: an argument may be null (Left(id, null)).
    connection.on(method, arguments -> inbox.record(
        arguments.length == 1 ? arguments[0] : Arrays.asList(arguments)), types);
    return inbox;
  }

  /**
   * Completes with every message so far once one equals {@code expected}, at once if one already
   * does.
   */
  CompletableFuture<List<Object>> until(Object expected) {
    return until(message -> Objects.equals(message, expected));
  }

  /** Completes with every message so far once one satisfies {@code matches}. */
  CompletableFuture<List<Object>> until(Predicate<Object> matches) {
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    List<Object> snapshot = null;
    synchronized (this) {
      if (messages.stream().anyMatch(matches)) {
        snapshot = snapshot();
      } else {
        waiters.add(new Waiter(matches, result));
      }
    }
    if (snapshot != null) {
      result.complete(snapshot);
    }
    return result;
  }

  /** The messages so far, in the order received. */
  synchronized List<Object> messages() {
    return snapshot();
  }

  private void record(Object message) {
    List<Waiter> satisfied = new ArrayList<>();
    List<Object> snapshot;
    synchronized (this) {
      messages.add(message);
      snapshot = snapshot();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (waiter.matches().test(message)) {
          it.remove();
          satisfied.add(waiter);
        }
      }
    }
    satisfied.forEach(waiter -> waiter.result().complete(snapshot));
  }

  /** A copy that, unlike {@link List#copyOf}, keeps a {@code null} message. */
  private List<Object> snapshot() {
    return Collections.unmodifiableList(new ArrayList<>(messages));
  }

  private record Waiter(Predicate<Object> matches, CompletableFuture<List<Object>> result) {}
}
