package io.signet.connection.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which browser pages may use an endpoint, and the CORS headers they get. Browsers send cookies
 * and TLS client certificates with a page's requests to any site, and WebSockets are not subject
 * to CORS at all, so without this check any page could open a connection as its visitor
 * (cross-site WebSocket hijacking). Every request is judged by its {@code Origin} header:
 *
 * <ul>
 *   <li>none: a client that is not a browser (Node, Java, .NET), which no page can drive; served;
 *   <li>the endpoint's own origin ({@code scheme://host[:port]} of the request): served, without
 *       CORS headers, which a same-origin page does not need;
 *   <li>a listed origin, or any with {@code "*"}: served with CORS headers naming that origin;
 *   <li>anything else: {@code 403}, before a connection is created or claimed.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class CrossOriginPolicy {
  /** The methods of the endpoint's two paths. */
  static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
  /**
   * What the official JavaScript client sends beyond the CORS-safelisted headers:
   * {@code X-Requested-With} and {@code X-SignalR-User-Agent} on every request,
   * {@code Authorization} with an access token, and {@code Content-Type} on POSTs (binary ones
   * are {@code application/octet-stream}, which is not safelisted).
   */
  static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, X-Requested-With, X-SignalR-User-Agent";
  /** How long a browser may reuse a preflight answer, in seconds. */
  static final String MAX_AGE = "600";

  /** How a request's origin is judged. */
  enum Verdict {
    /** The endpoint's own origin. */
    SAME_ORIGIN,
    /** A listed origin (or any, with {@code "*"}): served with CORS headers. */
    LISTED,
    /** Any other origin. */
    REFUSED
  }

  private final boolean anyOrigin;
  private final Set<String> listed; // normalised with Origins.normalize

  /**
   * @param allowedOrigins origins such as {@code https://app.example.com}; {@code "*"} for all
   * @throws IllegalArgumentException naming an entry that is not an origin
   */
  CrossOriginPolicy(Set<String> allowedOrigins) {
    boolean any = false;
    Set<String> normalized = new HashSet<>();
    for (String origin : allowedOrigins) {
      if (origin.equals("*")) {
        any = true;
        continue;
      }
      String canonical = Origins.normalize(origin.trim());
      if (canonical == null) {
        throw new IllegalArgumentException("allowedOrigins: '" + origin + "' is not an origin;"
            + " write scheme://host[:port], such as https://app.example.com, or \"*\"");
      }
      normalized.add(canonical);
    }
    this.anyOrigin = any;
    this.listed = Set.copyOf(normalized);
  }

  /**
   * Judges an actual (non-{@code OPTIONS}) request: returns {@code true} if it may go on, after
   * adding the CORS headers a listed origin needs; answers {@code 403} and returns
   * {@code false} otherwise.
   */
  boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    response.addHeader("Vary", "Origin"); // the answer depends on it, whatever it is
    switch (judge(request, origin)) {
      case SAME_ORIGIN -> {
        return true;
      }
      case LISTED -> {
        allowOrigin(response, origin);
        return true;
      }
      default -> {
        refuse(response, origin);
        return false;
      }
    }
  }

  /**
   * Answers an {@code OPTIONS} request: the CORS preflight of a listed origin, {@code 403} for
   * other foreign origins, and a plain {@code 204} naming the methods otherwise.
   */
  void answerOptions(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String origin = request.getHeader("Origin");
    Verdict verdict = origin == null ? Verdict.SAME_ORIGIN : judge(request, origin);
    if (origin != null) {
      response.addHeader("Vary", "Origin");
    }
    if (verdict == Verdict.REFUSED) {
      refuse(response, origin);
      return;
    }
    response.setHeader("Allow", ALLOWED_METHODS);
    if (verdict == Verdict.LISTED) {
      allowOrigin(response, origin);
      response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      // A fixed list: a page asking for more learns it from the browser, and the set of headers
      // the official clients send is known.
      response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      response.setHeader("Access-Control-Max-Age", MAX_AGE);
    }
    HttpConnectionDispatcher.text(response, HttpServletResponse.SC_NO_CONTENT, "");
  }

  /** How {@code origin}, the {@code Origin} header of {@code request}, is judged. */
  Verdict judge(HttpServletRequest request, String origin) {
    String normalized = Origins.normalize(origin);
    if (normalized != null && isSameOrigin(request, normalized)) {
      return Verdict.SAME_ORIGIN;
    }
    if (anyOrigin || (normalized != null && listed.contains(normalized))) {
      return Verdict.LISTED;
    }
    return Verdict.REFUSED;
  }

  /**
   * Whether {@code origin} is the endpoint's own: that of the {@code Host} header, or of the
   * server name and port the container reports (which a proxy-aware container derives from
   * {@code Forwarded} headers). A page can set neither: a browser always sends the real host.
   */
  private static boolean isSameOrigin(HttpServletRequest request, String origin) {
    String scheme = Origins.webScheme(request.getScheme());
    String host = request.getHeader("Host");
    if (host != null && origin.equals(Origins.of(scheme, host))) {
      return true;
    }
    return origin.equals(Origins.of(scheme, request.getServerName(), request.getServerPort()));
  }

  private static void allowOrigin(HttpServletResponse response, String origin) {
    // The origin itself, never "*": the official clients send credentials (withCredentials).
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Credentials", "true");
  }

  private static void refuse(HttpServletResponse response, String origin) throws IOException {
    HttpConnectionDispatcher.text(response, HttpServletResponse.SC_FORBIDDEN,
        "Origin " + origin + " is not allowed");
  }
}
