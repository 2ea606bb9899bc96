package io.signet.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Negotiates a connection as the JavaScript client's {@code HttpConnection} does: {@code POST
 * {hub}/negotiate?negotiateVersion=1} with no body, then the answer's redirects (up to {@value
 * #MAX_REDIRECTS} requests in all), refusals and version rules. The error texts are that
 * client's, word for word, except that they do not start with JavaScript's {@code "Error: "}.
 *
 * <p>Thread-safe; nothing blocks.
 */
final class Negotiator {
  private static final Logger log = LoggerFactory.getLogger(Negotiator.class);

  /** The most negotiate requests one negotiation makes, redirects included (the JS client's). */
  static final int MAX_REDIRECTS = 100;
  /** How long a negotiate request may take, as the JavaScript client's default timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(100);

  static final String OLD_SERVER = "Detected a connection attempt to an ASP.NET SignalR Server. "
      + "This client only supports connecting to an ASP.NET Core SignalR Server. "
      + "See https://aka.ms/signalr-core-differences for details.";
  static final String REDIRECT_LIMIT = "Negotiate redirection limit exceeded.";
  static final String UNASKED_STATEFUL_RECONNECT =
      "Client didn't negotiate Stateful Reconnect but the server did.";
  static final String FAILED = "Failed to complete negotiation with the server: ";
  static final String NOT_SIGNALR = " Either this is not a SignalR endpoint or there is a proxy "
      + "blocking the connection.";

  private final HttpAccess http;

  /** A negotiator whose requests go through {@code http}. */
  Negotiator(HttpAccess http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  /**
   * Negotiates a new connection at {@code hubUrl}, following redirects; a redirect's access
   * token is handed to {@link HttpAccess#useAccessToken}, so that every later request of the
   * connection carries it.
   *
   * @param statefulReconnect whether to ask for stateful reconnect
   * @return the negotiation; fails with a {@link HubConnectionException} when the server refuses,
   *     answers with a status other than {@code 200} (the exception then carries it), cannot be
   *     reached, or redirects too often
   */
  CompletionStage<Negotiation> negotiate(URI hubUrl, boolean statefulReconnect) {
    Objects.requireNonNull(hubUrl, "hubUrl == null");
    // As the JS client: a hub URL that asks for stateful reconnect itself counts as asking.
    boolean asked = statefulReconnect
        || "true".equals(HubUrls.queryParameter(hubUrl, "useStatefulReconnect"));
    return negotiate(hubUrl, asked, 1);
  }

  private CompletionStage<Negotiation> negotiate(URI url, boolean stateful, int attempt) {
    return request(url, stateful).thenCompose(answer -> {
      if (answer.error() != null) {
        return CompletableFuture.failedFuture(new HubConnectionException(answer.error()));
      }
      if (answer.hasProtocolVersion()) {
        return CompletableFuture.failedFuture(new HubConnectionException(OLD_SERVER));
      }
      if (answer.accessToken() != null) {
        http.useAccessToken(answer.accessToken());
      }
      if (answer.url() == null) {
        return CompletableFuture.completedFuture(negotiation(url, answer));
      }
      if (attempt >= MAX_REDIRECTS) {
        return CompletableFuture.failedFuture(new HubConnectionException(REDIRECT_LIMIT));
      }
      URI next;
      try {
        next = URI.create(answer.url());
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(new HubConnectionException(
            "Negotiate redirected to an invalid URL: " + answer.url(), e));
      }
      log.debug("Negotiate redirected to {}", next);
      return negotiate(next, stateful, attempt + 1);
    });
  }

  /** One negotiate request and the checks the JavaScript client makes on its answer. */
  private CompletionStage<NegotiateResponse> request(URI hubUrl, boolean stateful) {
    URI url = HubUrls.negotiate(hubUrl, stateful);
    log.debug("Sending negotiation request: {}", url);
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.noBody())
        .timeout(TIMEOUT);
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, error) -> {
          if (error != null) {
            Throwable cause = HttpAccess.unwrap(error);
            throw new HubConnectionException(FAILED + cause, cause);
          }
          int status = response.statusCode();
          if (status != 200) {
            throw new HubConnectionException(FAILED + "Unexpected status code returned from "
                + "negotiate '" + status + "'" + (status == 404 ? NOT_SIGNALR : ""), null, status);
          }
          NegotiateResponse answer;
          try {
            answer = NegotiateResponse.parse(response.body());
          } catch (IOException e) {
            throw new HubConnectionException(FAILED + e, e);
          }
          if (answer.useStatefulReconnect() && !stateful) {
            throw new HubConnectionException(UNASKED_STATEFUL_RECONNECT);
          }
          return answer;
        });
  }

  /** The negotiation a final (not redirecting) answer describes. */
  private static Negotiation negotiation(URI hubUrl, NegotiateResponse answer) {
    // Version 0 has no token: the id serves as both, as in the JavaScript client.
    String token = answer.negotiateVersion() < 1 ? answer.connectionId()
        : answer.connectionToken();
    return new Negotiation(hubUrl, answer.connectionId(), token, answer.transports(),
        answer.useStatefulReconnect());
  }
}
