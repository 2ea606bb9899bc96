package io.signet.connection.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionRequest;
import io.signet.connection.RequestAuthenticator;
import io.signet.connection.ServerTransport;
import io.signet.connection.TransportType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP entry point of an endpoint: negotiate, then every transport request, routed as the
 * ASP.NET Core dispatcher routes them, with its status codes and texts. Thread-safe.
 */
public final class HttpConnectionDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HttpConnectionDispatcher.class);

  private final ConnectionRegistry registry;
  private final List<ServerTransport> transports;
  private final ConnectionHandler handler;
  private final NegotiateResponder negotiator;
  private final PostQueue posts = new PostQueue();
  private final RequestAuthenticator authenticator;
  private final boolean requireAuthentication;
  private final ClusterRouting cluster; // null on a single node
  private final CrossOriginPolicy origins;
  private volatile boolean shuttingDown;

  /**
   * @param transports the enabled transports, in any order
   * @param authenticator finds each request's user
   * @param requireAuthentication whether requests without a user are answered {@code 401}
   * @throws IllegalArgumentException if an allowed origin of the registry's options is not one
   */
  public HttpConnectionDispatcher(ConnectionRegistry registry, List<ServerTransport> transports,
      ConnectionHandler handler, RequestAuthenticator authenticator,
      boolean requireAuthentication) {
    this.registry = registry;
    this.transports = inPreferenceOrder(transports);
    this.handler = handler;
    this.negotiator = new NegotiateResponder(registry);
    this.authenticator = authenticator;
    this.requireAuthentication = requireAuthentication;
    this.cluster = registry.directory() == null ? null : new ClusterRouting(registry);
    this.origins = new CrossOriginPolicy(registry.options().allowedOrigins());
  }

  /**
   * Admits no new connection from now on: negotiate, and transport requests that would start a
   * connection, are answered {@code 503}, so that clients reconnecting during shutdown try again
   * later (elsewhere, behind a load balancer) rather than being admitted and cut. Requests of
   * connections already served go on until those end.
   */
  public void shutDown() {
    shuttingDown = true;
  }

  /**
   * Serves a request whose path is the endpoint's path or its {@code /negotiate} path. Its origin
   * is judged first ({@link CrossOriginPolicy}): a CORS preflight carries no credentials, and a
   * foreign page's request is refused before anything else runs for it.
   */
  public void service(HttpServletRequest request, HttpServletResponse response, boolean negotiate)
      throws IOException {
    String method = request.getMethod();
    if ("OPTIONS".equals(method)) {
      origins.answerOptions(request, response);
      return;
    }
    if (!origins.admit(request, response)) {
      return;
    }
    Principal user = authenticator.authenticate(request);
    if (user == null && requireAuthentication) {
      // The JS client fetches a fresh token and retries once on 401.
      response.setHeader("WWW-Authenticate", "Bearer");
      text(response, HttpServletResponse.SC_UNAUTHORIZED, "");
      return;
    }
    if (negotiate) {
      if (!"POST".equals(method)) {
        text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "");
        return;
      }
      if (shuttingDown) {
        refuseWhileShuttingDown(response);
        return;
      }
      long startNanos = System.nanoTime();
      try {
        negotiator.negotiate(request, response, available(request.getServletContext()),
            nameOf(user));
        handler.onNegotiated(Duration.ofNanos(System.nanoTime() - startNanos));
      } catch (ConnectionLimitException refused) {
        refuse(response, refused);
      }
      return;
    }
    switch (method) {
      case "GET", "CONNECT" -> serveTransport(request, response, user);
      case "POST" -> post(request, response);
      case "DELETE" -> delete(request, response);
      default -> text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "");
    }
  }

  /** By type, and within a type the highest priority first. */
  private static List<ServerTransport> inPreferenceOrder(List<ServerTransport> transports) {
    List<ServerTransport> sorted = new ArrayList<>(transports);
    sorted.sort(Comparator.comparing(ServerTransport::type)
        .thenComparing(Comparator.comparingInt(ServerTransport::priority).reversed()));
    return List.copyOf(sorted);
  }

  /**
   * The enabled transports the container can run, in preference order: per type, the available
   * one of highest priority.
   */
  public List<ServerTransport> available(ServletContext context) {
    List<ServerTransport> available = new ArrayList<>(transports.size());
    for (ServerTransport transport : transports) {
      boolean typeServed = !available.isEmpty()
          && available.get(available.size() - 1).type() == transport.type();
      if (!typeServed && transport.isAvailable(context)) {
        available.add(transport);
      }
    }
    return available;
  }

  private void serveTransport(HttpServletRequest request, HttpServletResponse response,
      Principal user) throws IOException {
    TransportType type = requestedTransport(request);
    ServerTransport transport = find(type, request.getServletContext());
    if (transport == null) {
      text(response, HttpServletResponse.SC_NOT_FOUND,
          type + " transport not supported by this end point type");
      return;
    }
    String token = QueryParameters.get(request, "id");
    Connection connection;
    if (token == null || token.isEmpty()) {
      if (type != TransportType.WebSockets) {
        text(response, HttpServletResponse.SC_BAD_REQUEST, "Connection ID required");
        return;
      }
      if (shuttingDown) {
        refuseWhileShuttingDown(response);
        return;
      }
      try {
        // skipNegotiation: a version-0 connection made on the spot
        connection = registry.create(0, nameOf(user));
      } catch (ConnectionLimitException refused) {
        refuse(response, refused);
        return;
      }
    } else {
      connection = registry.find(token);
      if (connection == null && cluster != null && !RequestForwarder.isForwarded(request)
          && !registry.endedRecently(token)) {
        try {
          connection = cluster.claimOrForward(request, response, token, type, nameOf(user));
        } catch (ConnectionLimitException refused) {
          refuse(response, refused);
          return;
        }
        if (connection == null) {
          return; // answered or forwarded
        }
      }
      if (connection == null && type == TransportType.LongPolling
          && registry.endedRecently(token)) {
        // The poll after the end: 204 tells the client the server closed the connection.
        response.setHeader("Cache-Control", "no-cache, no-store");
        text(response, HttpServletResponse.SC_NO_CONTENT, "");
        return;
      }
      if (connection == null) {
        text(response, HttpServletResponse.SC_NOT_FOUND, "No Connection with that ID");
        return;
      }
    }
    if (shuttingDown && connection.state() == Connection.State.NEW) {
      refuseWhileShuttingDown(response); // negotiated just before shutdown: not started now
      connection.abort(null);
      return;
    }
    // The request is copied only when it connects: never for the next poll of a connection.
    Connection.ClaimResult claim =
        connection.claim(type, user, () -> ConnectionRequest.of(request));
    if (claim == Connection.ClaimResult.ALREADY_ACTIVE && transport.servesRepeatedRequests()
        && connection.state() == Connection.State.ACTIVE) {
      claim = Connection.ClaimResult.CLAIMED; // the next poll of a long-polling connection
    }
    switch (claim) {
      case CLAIMED -> {
        handler.onTransportRequest(type);
        transport.serve(request, response, connection, handler);
      }
      case OTHER_TRANSPORT -> text(response, HttpServletResponse.SC_BAD_REQUEST,
          "Cannot change transports mid-connection");
      case ALREADY_ACTIVE -> text(response, HttpServletResponse.SC_CONFLICT,
          "Another " + type + " request is already active for this connection");
      // Not in ASP.NET Core, which logs a changed user and goes on: a resuming WebSocket must
      // come from the connection's own user (or, for an anonymous connection, nobody's).
      case OTHER_USER -> text(response, HttpServletResponse.SC_FORBIDDEN,
          "The connection belongs to another user");
      case CLOSED -> {
        if (connection.transportType() == TransportType.LongPolling) {
          // A poll while the connection ends (closed, not yet unregistered): the same 204 as a
          // poll after the end, which a client takes for the server's close, not for an error.
          response.setHeader("Cache-Control", "no-cache, no-store");
          text(response, HttpServletResponse.SC_NO_CONTENT, "");
        } else {
          text(response, HttpServletResponse.SC_NOT_FOUND, "No Connection with that ID");
        }
      }
    }
  }

  /**
   * A send of an SSE or long-polling client. Refusals are answered after the body is read and
   * dropped ({@link RequestBodyReader#refuse}): answering while the client still sends would
   * reset its TCP connection and lose the answer.
   */
  private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String token = QueryParameters.get(request, "id");
    if (token == null || token.isEmpty()) {
      RequestBodyReader.refuse(request, HttpServletResponse.SC_BAD_REQUEST,
          "Connection ID required");
      return;
    }
    Connection connection = registry.find(token);
    if (connection == null && cluster != null && !RequestForwarder.isForwarded(request)) {
      cluster.forward(request, token); // to the owner, or 404 if there is none
      return;
    }
    if (connection == null) {
      RequestBodyReader.refuse(request, HttpServletResponse.SC_NOT_FOUND,
          "No Connection with that ID");
      return;
    }
    TransportType type = connection.transportType();
    if (type == TransportType.WebSockets) {
      RequestBodyReader.refuse(request, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
          "POST requests are not allowed for WebSocket connections.");
      return;
    }
    if (type == null || connection.state() != Connection.State.ACTIVE) {
      // No transport is up to answer on: the client must open its SSE stream or first poll first.
      RequestBodyReader.refuse(request, HttpServletResponse.SC_NOT_FOUND,
          "No Connection with that ID");
      return;
    }
    posts.submit(request, response, connection);
  }

  private void delete(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Connection connection = lookup(request, response);
    if (connection == null) {
      return;
    }
    if (connection.transportType() != TransportType.LongPolling) {
      text(response, HttpServletResponse.SC_BAD_REQUEST,
          "Cannot terminate this connection using the DELETE endpoint.");
      return;
    }
    // The client is leaving: end the connection as if its transport closed cleanly; a waiting
    // poll is answered 204.
    connection.transportClosed(null);
    text(response, HttpServletResponse.SC_ACCEPTED, "");
  }

  private Connection lookup(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String token = QueryParameters.get(request, "id");
    if (token == null || token.isEmpty()) {
      text(response, HttpServletResponse.SC_BAD_REQUEST, "Connection ID required");
      return null;
    }
    Connection connection = registry.find(token);
    if (connection == null && cluster != null && !RequestForwarder.isForwarded(request)) {
      cluster.forward(request, token); // to the owner, or 404 if there is none
      return null;
    }
    if (connection == null) {
      text(response, HttpServletResponse.SC_NOT_FOUND, "No Connection with that ID");
    }
    return connection;
  }

  private ServerTransport find(TransportType type, ServletContext context) {
    for (ServerTransport transport : transports) {
      if (transport.type() == type && transport.isAvailable(context)) {
        return transport;
      }
    }
    return null;
  }

  /**
   * Whether {@code request} opens a WebSocket or an SSE stream: the two requests a browser makes
   * without being able to set headers on them ({@code WebSocket}, {@code EventSource}).
   */
  public static boolean opensWebSocketOrEventStream(HttpServletRequest request) {
    String method = request.getMethod();
    return ("GET".equals(method) || "CONNECT".equals(method))
        && requestedTransport(request) != TransportType.LongPolling;
  }

  private static TransportType requestedTransport(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
      return TransportType.ServerSentEvents;
    }
    String upgrade = request.getHeader("Upgrade");
    if ("CONNECT".equals(request.getMethod())
        || (upgrade != null && upgrade.equalsIgnoreCase("websocket"))) {
      return TransportType.WebSockets;
    }
    return TransportType.LongPolling;
  }

  private static String nameOf(Principal user) {
    return user == null ? null : user.getName();
  }

  /** Answers a request refused for a connection limit: {@code 503} or {@code 429}, with why. */
  private static void refuse(HttpServletResponse response, ConnectionLimitException refused)
      throws IOException {
    refusal(response, refused);
    response.getOutputStream().write(refusalBody(refused));
  }

  /** Sets the status and headers of a refusal; its body is {@link #refusalBody}. */
  static void refusal(HttpServletResponse response, ConnectionLimitException refused) {
    if (refused.retryLater()) {
      response.setHeader("Retry-After", Integer.toString(ConnectionLimits.RETRY_AFTER_SECONDS));
    }
    response.setStatus(refused.status());
    response.setContentType("text/plain");
    response.setContentLength(refusalBody(refused).length);
  }

  static byte[] refusalBody(ConnectionLimitException refused) {
    return refused.getMessage().getBytes(StandardCharsets.UTF_8);
  }

  private static void refuseWhileShuttingDown(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", "1");
    text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The server is shutting down");
  }

  static void text(HttpServletResponse response, int status, String body) throws IOException {
    if (status >= 400) {
      log.debug("Answering {} {}", status, body);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
