package io.signet.connection.internal;

import java.util.Locale;

/**
 * Parses and compares web origins ({@code scheme://host[:port]}) the way browsers write them in
 * the {@code Origin} header: scheme and host ignore case, and a default port equals no port.
 */
final class Origins {
  private Origins() {}

  /**
   * {@code value} in one canonical spelling (lower case, no default port, no trailing slash), or
   * {@code null} when it is not an origin (no scheme, a path, user info, {@code "null"}).
   */
  static String normalize(String value) {
    int separator = value.indexOf("://");
    if (separator <= 0) {
      return null;
    }
    String scheme = value.substring(0, separator).toLowerCase(Locale.ROOT);
    String authority = value.substring(separator + 3);
    if (authority.endsWith("/")) {
      authority = authority.substring(0, authority.length() - 1); // as a list entry may be written
    }
    if (authority.isEmpty() || authority.indexOf('/') >= 0 || authority.indexOf('?') >= 0
        || authority.indexOf('#') >= 0 || authority.indexOf('@') >= 0) {
      return null;
    }
    return of(scheme, authority);
  }

  /**
   * The origin of {@code scheme} and a {@code Host}-header-shaped {@code authority}
   * ({@code host[:port]}, IPv6 in brackets), or {@code null} if the authority is malformed.
   */
  static String of(String scheme, String authority) {
    String host;
    String port;
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      if (end < 0) {
        return null;
      }
      host = authority.substring(0, end + 1);
      String rest = authority.substring(end + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return null;
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
    } else {
      int colon = authority.indexOf(':');
      if (colon != authority.lastIndexOf(':')) {
        return null; // an IPv6 address without brackets, or garbage
      }
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
    }
    if (host.isEmpty() || host.indexOf('*') >= 0 || !isPort(port)) { // no wildcard hosts
      return null;
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    String origin = lowerScheme + "://" + host.toLowerCase(Locale.ROOT);
    if (port.isEmpty() || Integer.parseInt(port) == defaultPort(lowerScheme)) {
      return origin;
    }
    return origin + ":" + Integer.parseInt(port); // parsed: "080" and "80" are one port
  }

  /** The origin of {@code scheme}, {@code host} and {@code port} as a server reports them. */
  static String of(String scheme, String host, int port) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String bracketed = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return of(scheme, port < 0 ? bracketed : bracketed + ":" + port);
  }

  /**
   * The web scheme of a request's scheme: a WebSocket request may report {@code ws}/{@code wss}
   * (HTTP/2 and HTTP/3 upgrades), while its page's origin is {@code http}/{@code https}.
   */
  static String webScheme(String scheme) {
    String lower = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "ws" -> "http";
      case "wss" -> "https";
      default -> lower;
    };
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http" -> 80;
      case "https" -> 443;
      default -> -1;
    };
  }

  private static boolean isPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.length() > 5) {
      return false;
    }
    for (int i = 0; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(port) <= 65535;
  }
}
