package io.signet.client;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one client: its {@link HttpClient}, the application's extra headers, the
 * {@code User-Agent} and the bearer token. Every request the client makes (negotiate, polls,
 * sends, {@code DELETE}) goes through {@link #send}; the WebSocket upgrade and the event stream
 * take their headers from {@link #upgradeHeaders()}.
 *
 * <p>Tokens follow the JavaScript client's {@code AccessTokenHttpClient}: the provider is asked
 * for a token on every negotiate and whenever none is cached, other requests reuse the cached
 * one, and a request answered {@code 401} asks the provider again and is sent once more. One
 * departure: the JavaScript client does not retry a negotiate whose token it has just fetched;
 * this one does, since a provider may well hand out a stale token first and a fresh one when
 * asked again. After {@link #useAccessToken} (a negotiate redirect) that token is used as is and
 * the provider is not asked, until {@link #resetAccessToken()}.
 *
 * <p>Thread-safe. Nothing here blocks: requests go out with {@link HttpClient#sendAsync}.
 */
final class HttpAccess {
  private static final Logger log = LoggerFactory.getLogger(HttpAccess.class);

  /** The {@code User-Agent} of every request, in the spirit of the official clients' one. */
  static final String USER_AGENT = "Signet SignalR Java client/0.1 (Java "
      + System.getProperty("java.version") + "; " + System.getProperty("os.name") + ")";

  private final HttpClient client;
  private final Map<String, String> headers;
  private final Supplier<? extends CompletionStage<String>> tokenProvider; // null: no token

  /** The token of a negotiate redirect; when set, the provider is no longer asked. */
  private volatile String overrideToken;
  /** The token the provider gave last, reused by requests other than negotiate. */
  private volatile String cachedToken;

  /**
   * @param client the client for every HTTP request; the caller owns it
   * @param headers extra headers for every request, the WebSocket upgrade included
   * @param tokenProvider gives the bearer token, asynchronously; {@code null} for none
   */
  HttpAccess(HttpClient client, Map<String, String> headers,
      Supplier<? extends CompletionStage<String>> tokenProvider) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.headers = Map.copyOf(Objects.requireNonNull(headers, "headers == null"));
    this.tokenProvider = tokenProvider;
  }

  /**
   * A client as the connection needs one when the application gives none: HTTP/1.1, because the
   * JDK would otherwise try an {@code h2c} upgrade on plain-text connections, which some proxies
   * mishandle, and the transports gain nothing from HTTP/2; redirects followed as browsers do.
   * Its threads are the JDK's, daemon threads.
   */
  static HttpClient newDefaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(100))
        .build();
  }

  /**
   * From now on sends {@code token}, as a negotiate answer with {@code accessToken} asks, and no
   * longer asks the provider.
   */
  void useAccessToken(String token) {
    overrideToken = Objects.requireNonNull(token, "token == null");
  }

  /** Forgets a token set by {@link #useAccessToken}: a new connection starts from the provider. */
  void resetAccessToken() {
    overrideToken = null;
  }

  /**
   * Sends {@code request} with the headers, the {@code User-Agent} and the bearer token added;
   * a {@code 401} refreshes the token and sends it once more. The returned future can be
   * cancelled, which aborts the request in flight (long polling's stop relies on it).
   *
   * @param request the request to send, without its authorization; this method sets headers on it
   * @param handler the response body handler; it also sees the first answer of a request that is
   *     retried, so a streaming handler should discard bodies of answers other than {@code 200}
   * @return the response, or a failed future when the request could not be made
   */
  <T> CompletableFuture<HttpResponse<T>> send(HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
    result.whenComplete((response, error) -> {
      CompletableFuture<?> current = inFlight.get();
      if (result.isCancelled() && current != null) {
        current.cancel(true); // the JDK aborts the exchange when its future is cancelled
      }
    });
    boolean negotiate = isNegotiate(request);
    token(negotiate).thenCompose(token -> attempt(request, handler, token, inFlight, result))
        .thenCompose(response -> {
          if (response.statusCode() != 401 || tokenProvider == null || overrideToken != null) {
            return CompletableFuture.completedFuture(response);
          }
          log.debug("{} answered 401; asking for a new token and trying again", response.uri());
          return token(true)
              .thenCompose(token -> attempt(request, handler, token, inFlight, result));
        })
        .whenComplete((response, error) -> {
          if (error != null) {
            result.completeExceptionally(unwrap(error));
          } else {
            result.complete(response);
          }
        });
    return result;
  }

  /**
   * The headers of the WebSocket upgrade and of the event stream request: the extra ones, the
   * {@code User-Agent}, and {@code Authorization} with a token asked for now (the JavaScript
   * client asks its factory on every WebSocket connect too).
   */
  CompletionStage<Map<String, String>> upgradeHeaders() {
    return token(true).thenApply(token -> {
      Map<String, String> all = new LinkedHashMap<>();
      all.put("User-Agent", USER_AGENT);
      all.putAll(headers);
      if (token != null && !token.isEmpty()) {
        all.put("Authorization", "Bearer " + token);
      }
      return all;
    });
  }

  private <T> CompletableFuture<HttpResponse<T>> attempt(HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler, String token,
      AtomicReference<CompletableFuture<?>> inFlight, CompletableFuture<?> result) {
    if (result.isDone()) { // cancelled while the token was coming
      return CompletableFuture.failedFuture(new CancellationException());
    }
    CompletableFuture<HttpResponse<T>> sent;
    try {
      request.setHeader("User-Agent", USER_AGENT);
      headers.forEach(request::setHeader);
      if (token != null && !token.isEmpty()) {
        request.setHeader("Authorization", "Bearer " + token);
      }
      sent = client.sendAsync(request.build(), handler);
    } catch (RuntimeException e) { // a header the JDK refuses, a bad URI: fail, never throw
      return CompletableFuture.failedFuture(e);
    }
    inFlight.set(sent);
    if (result.isDone()) {
      sent.cancel(true);
    }
    return sent;
  }

  /**
   * The token for the next request: the redirect's token if there is one, else the cached one,
   * else (or when {@code fresh}) the provider's. Completes with {@code null} for no token.
   */
  private CompletionStage<String> token(boolean fresh) {
    String override = overrideToken;
    if (override != null) {
      return CompletableFuture.completedFuture(override);
    }
    if (tokenProvider == null) {
      return CompletableFuture.completedFuture(null);
    }
    String cached = cachedToken;
    if (cached != null && !fresh) {
      return CompletableFuture.completedFuture(cached);
    }
    CompletionStage<String> asked;
    try {
      asked = Objects.requireNonNull(tokenProvider.get(), "the access token provider gave null");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return asked.thenApply(token -> {
      cachedToken = token;
      return token;
    });
  }

  private static boolean isNegotiate(HttpRequest.Builder request) {
    try {
      // The builder does not expose its URI; a throwaway build does, without sending anything.
      String path = request.copy().build().uri().getRawPath();
      return path != null && path.endsWith("/negotiate");
    } catch (RuntimeException e) { // no URI yet: attempt() reports it as the request's failure
      return false;
    }
  }

  /**
   * {@code error} without the {@link CompletionException} wrappers that composed stages add.
   */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
