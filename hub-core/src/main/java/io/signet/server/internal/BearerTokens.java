package io.signet.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

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
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("access_token=")) {
        String token = decode(pair.substring("access_token=".length()));
        return token.isEmpty() ? null : token;
      }
    }
    return null;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
