package io.signet.connection.internal;

import io.signet.connection.AsyncResponseWriter;
import io.signet.connection.Connection;
import io.signet.connection.ConnectionDirectory;
import io.signet.connection.TransportType;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves requests for connections this node does not hold, through the cluster's
 * {@link ConnectionDirectory}: the first transport request of a negotiated connection claims it
 * here; requests of connections another node owns are forwarded there. Thread-safe.
 */
final class ClusterRouting {
  private static final Logger log = LoggerFactory.getLogger(ClusterRouting.class);
  /** How long a claim may hold the container thread (one directory round trip). */
  static final long CLAIM_TIMEOUT_MILLIS = 2000;
  /** Owners remembered for other nodes' connections (an owner never changes). */
  private static final int MAX_REMEMBERED = 10_000;

  private final ConnectionRegistry registry;
  private final ConnectionDirectory directory;
  private final RequestForwarder forwarder;
  private final Map<String, String> ownerByToken = new ConcurrentHashMap<>();

  ClusterRouting(ConnectionRegistry registry) {
    this.registry = registry;
    this.directory = registry.directory();
    this.forwarder = new RequestForwarder(registry.options().longPollTimeout());
  }

  /**
   * A transport request for a token this node does not hold: claims the connection for this
   * node, or forwards the request to the node that owns it.
   *
   * <p>The claim waits for the directory on the calling (container) thread, bounded by
   * {@link #CLAIM_TIMEOUT_MILLIS}: a WebSocket upgrade and the start of an SSE stream must happen
   * on the request's own thread. It happens once per connection.
   *
   * @param user the name of the authenticated user, or {@code null}, for the per-user limit
   * @return the connection, now held here; {@code null} when the request was answered
   *     ({@code 404} for an unknown token) or forwarded
   * @throws ConnectionLimitException if this node holds its maximum of connections
   */
  Connection claimOrForward(HttpServletRequest request, HttpServletResponse response, String token,
      TransportType type, String user) throws IOException {
    String known = ownerByToken.get(token);
    if (known != null && type != TransportType.WebSockets) {
      forwardTo(request.startAsync(), known);
      return null;
    }
    String self = RequestForwarder.ownUrl(request, directory.advertisedUrl());
    ConnectionDirectory.Entry entry;
    try {
      entry = directory.claim(token, self).toCompletableFuture()
          .get(CLAIM_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entry = null;
    } catch (Exception e) {
      log.debug("Could not claim a connection through the directory", e);
      entry = null;
    }
    if (entry == null) {
      HttpConnectionDispatcher.text(response, HttpServletResponse.SC_NOT_FOUND,
          "No Connection with that ID");
      return null;
    }
    if (entry.ended()) {
      // As on the owner: a poll after the end learns of it with 204.
      response.setHeader("Cache-Control", "no-cache, no-store");
      HttpConnectionDispatcher.text(response, type == TransportType.LongPolling
          ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_NOT_FOUND, "");
      return null;
    }
    if (self.equals(entry.owner())) {
      try {
        Connection adopted =
            registry.adopt(entry.connectionId(), token, entry.negotiateVersion(), user);
        if (entry.statefulReconnect()) {
          adopted.statefulReconnect().grant(); // as negotiate would have on a single node
        }
        return adopted;
      } catch (ConnectionLimitException refused) {
        directory.ended(token); // claimed here, but it will never exist
        throw refused;
      }
    }
    if (type == TransportType.WebSockets) {
      // A WebSocket cannot be forwarded: a second one (a stateful reconnect's resume) must
      // reach the owner, which holds the replay buffer. The client then starts anew, as with
      // ASP.NET Core's backplanes, where another server does not know the connection at all.
      HttpConnectionDispatcher.text(response, HttpServletResponse.SC_CONFLICT,
          "Another transport request is already active for this connection");
      return null;
    }
    remember(token, entry.owner());
    forwardTo(request.startAsync(), entry.owner());
    return null;
  }

  /** A POST or DELETE for a token this node does not hold: to its owner, or {@code 404}. */
  void forward(HttpServletRequest request, String token) throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    String known = ownerByToken.get(token);
    if (known != null) {
      forwarder.forward(async, known);
      return;
    }
    String self = RequestForwarder.ownUrl(request, directory.advertisedUrl());
    directory.find(token).whenComplete((entry, failure) -> {
      if (entry == null || entry.owner() == null || entry.ended() || self.equals(entry.owner())) {
        notFound(async);
      } else {
        remember(token, entry.owner());
        forwarder.forward(async, entry.owner());
      }
    });
  }

  private void forwardTo(AsyncContext async, String owner) {
    async.setTimeout(0);
    forwarder.forward(async, owner);
  }

  private void remember(String token, String owner) {
    if (ownerByToken.size() >= MAX_REMEMBERED) {
      ownerByToken.clear(); // crude but bounded: the directory answers again
    }
    ownerByToken.put(token, owner);
  }

  private static void notFound(AsyncContext async) {
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    byte[] body = "No Connection with that ID".getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("text/plain");
    response.setContentLength(body.length);
    try {
      AsyncResponseWriter writer = new AsyncResponseWriter(async);
      writer.write(body, true).whenComplete((done, failure) -> writer.complete());
    } catch (IOException | RuntimeException e) {
      async.complete();
    }
  }
}
