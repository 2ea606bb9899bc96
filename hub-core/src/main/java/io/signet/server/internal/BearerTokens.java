package io.signet.server.internal;

import io.signet.connection.internal.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the bearer token of a SignalR request: the {@code Authorization: Bearer} header, else the
 * {@code access_token} query parameter (browsers cannot set headers on WebSockets and
 * {@code EventSource}, so the JS client puts the token there).
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
    String token = QueryParameters.get(request, "access_token");
    return token == null || token.isEmpty() ? null : token;
  }
}
