package io.signet.connection;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Finds the user behind an HTTP request of an endpoint (negotiate, transport requests, sends).
 * Implementations are thread-safe and must not block for long: they run on container threads.
 */
@FunctionalInterface
public interface RequestAuthenticator {

  /**
   * The request's user, or {@code null} when it has none (anonymous, or a bad token).
   *
   * @param request the transport or negotiate request
   * @return the user, or {@code null}
   */
  Principal authenticate(HttpServletRequest request);

  /** The container's own authentication: {@link HttpServletRequest#getUserPrincipal()}. */
  RequestAuthenticator CONTAINER = HttpServletRequest::getUserPrincipal;
}
