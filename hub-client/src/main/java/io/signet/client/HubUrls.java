package io.signet.client;

import java.net.URI;

/**
 * The URLs derived from a hub URL: negotiate's, the transports' (with {@code id=<token>}) and the
 * WebSocket one. They are built on the raw (still encoded) parts of the URI, so that the
 * application's own query parameters reach the server exactly as it wrote them.
 */
final class HubUrls {
  private HubUrls() {}

  /**
   * {@code POST}'s target for negotiate: {@code /negotiate} appended to the path (a trailing
   * {@code /} is not doubled), the query kept, {@code negotiateVersion=1} added unless the query
   * already names it, and {@code useStatefulReconnect=true} added when asked for and not named.
   */
  static URI negotiate(URI hubUrl, boolean statefulReconnect) {
    String path = hubUrl.getRawPath() == null ? "" : hubUrl.getRawPath();
    path += path.endsWith("/") ? "negotiate" : "/negotiate";
    URI url = replacePath(hubUrl, path);
    if (!hasQueryParameter(url, "negotiateVersion")) {
      url = withQueryParameter(url, "negotiateVersion", "1");
    }
    if (statefulReconnect && !hasQueryParameter(url, "useStatefulReconnect")) {
      url = withQueryParameter(url, "useStatefulReconnect", "true");
    }
    return url;
  }

  /**
   * {@code url} with {@code key=value} appended to its query, as the JavaScript client appends
   * {@code id=<token>}: without encoding (tokens are URL-safe by contract) and after any
   * parameters already there. A fragment is dropped, as it never reaches a server.
   */
  static URI withQueryParameter(URI url, String key, String value) {
    String query = url.getRawQuery();
    String pair = key + "=" + value;
    return URI.create(base(url) + url.getRawPath() + "?"
        + (query == null || query.isEmpty() ? pair : query + "&" + pair));
  }

  /** Whether the query of {@code url} has the parameter {@code key}, matched exactly. */
  static boolean hasQueryParameter(URI url, String key) {
    String query = url.getRawQuery();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if ((equals < 0 ? pair : pair.substring(0, equals)).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The value of the parameter {@code key} in {@code url}'s query, or {@code null}. */
  static String queryParameter(URI url, String key) {
    String query = url.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals >= 0 && pair.substring(0, equals).equals(key)) {
        return pair.substring(equals + 1);
      }
    }
    return null;
  }

  /** {@code url} with {@code http} made {@code ws} and {@code https} made {@code wss}. */
  static URI toWebSocket(URI url) {
    String scheme = url.getScheme();
    if ("http".equalsIgnoreCase(scheme)) {
      scheme = "ws";
    } else if ("https".equalsIgnoreCase(scheme)) {
      scheme = "wss";
    }
    String query = url.getRawQuery();
    return URI.create(scheme + "://" + url.getRawAuthority() + url.getRawPath()
        + (query == null ? "" : "?" + query));
  }

  private static URI replacePath(URI url, String rawPath) {
    String query = url.getRawQuery();
    return URI.create(base(url) + rawPath + (query == null ? "" : "?" + query));
  }

  private static String base(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority();
  }
}
