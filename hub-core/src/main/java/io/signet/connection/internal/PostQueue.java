package io.signet.connection.internal;

import io.signet.connection.Connection;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises the {@code POST}s of each connection: one body is read at a time, the others wait
 * (without a thread) in arrival order, as ASP.NET Core serialises them behind a lock. The Java
 * client sends without waiting for the previous POST, so refusing overlap would lose messages.
 * A connection may have at most {@link #MAX_WAITING} POSTs waiting; more get {@code 409}.
 */
final class PostQueue {
  private static final Logger log = LoggerFactory.getLogger(PostQueue.class);
  static final int MAX_WAITING = 16;

  /** POSTs waiting behind the one being read, per connection; present while one is read. */
  private final Map<Connection, ArrayDeque<AsyncContext>> busy = new ConcurrentHashMap<>();

  void submit(HttpServletRequest request, HttpServletResponse response, Connection connection)
      throws IOException {
    boolean[] first = {false};
    boolean[] full = {false};
    AsyncContext[] parked = {null};
    busy.compute(connection, (key, waiting) -> {
      if (waiting == null) {
        first[0] = true;
        return new ArrayDeque<>();
      }
      if (waiting.size() >= MAX_WAITING) {
        full[0] = true;
        return waiting;
      }
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      parked[0] = async;
      waiting.add(async);
      return waiting;
    });
    if (full[0]) {
      RequestBodyReader.refuse(request, HttpServletResponse.SC_CONFLICT,
          "Too many POST requests are waiting for this connection");
    } else if (first[0]) {
      read(request, connection);
    }
  }

  private void read(HttpServletRequest request, Connection connection) throws IOException {
    try {
      RequestBodyReader.start(request, connection, () -> next(connection));
    } catch (IOException | RuntimeException e) {
      next(connection);
      throw e;
    }
  }

  /** The current POST is done: start reading the next one, or mark the connection idle. */
  private void next(Connection connection) {
    AsyncContext[] nextOne = {null};
    busy.computeIfPresent(connection, (key, waiting) -> {
      nextOne[0] = waiting.poll();
      return nextOne[0] == null ? null : waiting;
    });
    AsyncContext async = nextOne[0];
    if (async == null) {
      return;
    }
    try {
      RequestBodyReader.resume(async, connection, () -> next(connection));
    } catch (IOException | RuntimeException e) {
      log.debug("A queued POST for connection {} failed", connection.id(), e);
      async.complete();
      next(connection);
    }
  }
}
