package io.signet.connection.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    // Every transport request reads its id here: walk the query rather than split it.
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      int keyEnd = equals < 0 || equals > end ? end : equals;
      if (decode(query.substring(start, keyEnd)).equalsIgnoreCase(name)) {
        return keyEnd == end ? "" : decode(query.substring(keyEnd + 1, end));
      }
      start = end + 1;
    }
    return null;
  }

  /**
   * Every parameter of {@code query} (a raw query string, or {@code null}), decoded, in order,
   * each with its values in order; a name without {@code =} has the value {@code ""}.
   */
  public static Map<String, List<String>> all(String query) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String value) {
    if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
      return value; // what URLDecoder would return, without its copy
    }
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value; // a malformed escape: compare the raw text, which matches nothing we look for
    }
  }
}
