package io.signet.connection.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads query parameters by name, ignoring case as ASP.NET Core does ({@code negotiateVersion},
 * {@code id}), straight from the query string so that reading never consumes a request body.
 */
public final class QueryParameters {
  private QueryParameters() {}

  /** The first value of {@code name} (case-insensitive), decoded, or {@code null}. */
  public static String get(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (decode(key).equalsIgnoreCase(name)) {
        return equals < 0 ? "" : decode(pair.substring(equals + 1));
      }
    }
    return null;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value; // a malformed escape: compare the raw text, which matches nothing we look for
    }
  }
}
