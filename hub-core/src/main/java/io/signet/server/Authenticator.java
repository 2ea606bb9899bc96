package io.signet.server;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Turns the bearer token of a SignalR request into a user. The token comes from the
 * {@code Authorization: Bearer} header or, where clients cannot set headers (browsers'
 * WebSockets and Server-Sent Events), from the {@code access_token} query parameter, exactly as
 * the official clients send it. The returned principal is what {@code context().user()} gives
 * hub methods; return an {@link io.signet.hub.HubUser} to carry roles for
 * {@link io.signet.hub.Authorize}.
 *
 * <p>Implementations are thread-safe, run on container threads and must not block for long.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * The user the token stands for.
   *
   * @param bearerToken the token, or {@code null} when the request carries none
   * @param request the HTTP request, for anything else the application checks (cookies, headers)
   * @return the user, or {@code null} to treat the request as anonymous (a missing, invalid or
   *     expired token); a hub that requires authentication then answers {@code 401}
   */
  Principal authenticate(String bearerToken, HttpServletRequest request);
}
