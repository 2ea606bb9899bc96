package io.signet.connection;

import io.signet.connection.internal.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The HTTP request that connected a connection, as ASP.NET Core's {@code GetHttpContext()} gives
 * it to a hub: copied once from the transport request that connected (the WebSocket upgrade,
 * the event stream's request, the first poll; a stateful-reconnect resume replaces it with its
 * own), never the live request, which the container recycles.
 *
 * <p>Secrets are never kept: the {@code Authorization} and {@code Proxy-Authorization} headers,
 * and the {@code access_token} (a bearer token) and {@code id} (the connection token) query
 * parameters, are left out whatever builds it; {@link #toString()} shows names, never values.
 * The hub layer's {@code HubCallerContext.user()} tells who is calling.
 *
 * @param path the request's path, as sent (not decoded), without the query
 * @param query the query parameters, decoded, each with its values in order; names compared
 *     without case, as ASP.NET Core does
 * @param headers the request headers, each with its values in order; names compared without case
 * @param remoteAddress the client's IP address (of the last proxy, behind one)
 * @param remotePort the client's port
 * @param localAddress the server's IP address the request arrived at
 * @param localPort the server's port the request arrived at
 * @param secure whether the request came over TLS ({@code https}, {@code wss})
 */
public record ConnectionRequest(
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String remoteAddress,
    int remotePort,
    String localAddress,
    int localPort,
    boolean secure) {
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization");
  private static final Set<String> SECRET_PARAMETERS = Set.of("access_token", "id");

  /**
   * Copies the maps, leaving the secrets out, into maps whose names ignore case.
   *
   * @param headers the request headers
   * @param localAddress the server's IP address
   * @param localPort the server's port
   * @param path the request's path, as sent
   * @param query the query parameters, decoded
   * @param remoteAddress the client's IP address
   * @param remotePort the client's port
   * @param secure whether the request came over TLS
   */
  public ConnectionRequest {
    Objects.requireNonNull(path, "path == null");
    query = withoutSecrets(query, SECRET_PARAMETERS);
    headers = withoutSecrets(headers, SECRET_HEADERS);
  }

  /**
   * A copy of {@code request}'s path, query, headers and addresses.
   *
   * @param request the transport or negotiate request
   * @return the copy, without secrets
   */
  public static ConnectionRequest of(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return new ConnectionRequest(request.getRequestURI(),
        QueryParameters.all(request.getQueryString()), headers, request.getRemoteAddr(),
        request.getRemotePort(), request.getLocalAddr(), request.getLocalPort(),
        request.isSecure());
  }

  /**
   * The first value of header {@code name} (any case), or {@code null}.
   *
   * @param name the header's name
   * @return the value, or {@code null}
   */
  public String header(String name) {
    return first(headers, name);
  }

  /**
   * Every value of header {@code name} (any case), in order; empty when it was not sent.
   *
   * @param name the header's name
   * @return the values, possibly empty
   */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /**
   * The first value of query parameter {@code name} (any case), or {@code null}.
   *
   * @param name the parameter's name
   * @return the value, or {@code null}
   */
  public String queryParameter(String name) {
    return first(query, name);
  }

  /** The path and the addresses, with the names of the parameters and headers but no values. */
  @Override
  public String toString() {
    return "ConnectionRequest[path=" + path + ", query=" + query.keySet() + ", headers="
        + headers.keySet() + ", remote=" + remoteAddress + ":" + remotePort + ", local="
        + localAddress + ":" + localPort + ", secure=" + secure + "]";
  }

  private static String first(Map<String, List<String>> map, String name) {
    List<String> values = map.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Map<String, List<String>> withoutSecrets(
      Map<String, List<String>> values, Set<String> secrets) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (values != null) {
      values.forEach((name, list) -> {
        if (!secrets.contains(name.toLowerCase(Locale.ROOT))) {
          copy.merge(name, List.copyOf(list), ConnectionRequest::concat);
        }
      });
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return List.copyOf(both);
  }
}
