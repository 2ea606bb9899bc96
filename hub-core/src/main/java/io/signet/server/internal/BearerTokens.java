package io.signet.server.internal;

import io.signet.connection.internal.HttpConnectionDispatcher;
import io.signet.connection.internal.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the bearer token of a SignalR request: the {@code Authorization: Bearer} header, or, on
 * the WebSocket upgrade and the SSE request only, the {@code access_token} query parameter.
 * Browsers cannot set headers on {@code WebSocket} and {@code EventSource}, so the JS client puts
 * the token in those URLs; everywhere else it sends the header, and a token in any other URL is
 * ignored, so that it is never needed where URLs end up in logs, histories and caches.
 */
public final class BearerTokens {
  private static final String PREFIX = "Bearer ";

  private BearerTokens() {}

  /** The token, or {@code null}. */
  public static String of(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      String token = header.substring(PREFIX.length()).trim();
      return token.isEmpty() ? null : token;
    }
    if (!HttpConnectionDispatcher.opensWebSocketOrEventStream(request)) {
      return null;
    }
    String token = QueryParameters.get(request, "access_token");
    return token == null || token.isEmpty() ? null : token;
  }
}
