package io.signet.spring;

import io.signet.hub.HubUser;
import io.signet.server.Authenticator;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Takes the user of a hub request from Spring Security: the {@link Authentication} its filter
 * chain established for the request (from a bearer token, a session, basic authentication,
 * whatever the application configured), read from the {@link SecurityContextHolder}. Signet's own
 * bearer token is not looked at: Spring Security has already judged it.
 *
 * <p>The user is a {@link HubUser} named {@link Authentication#getName()}, whose roles are the
 * granted authorities, with the {@code ROLE_} prefix of Spring's roles taken off
 * ({@code ROLE_admin} is the role {@code admin} of {@code @Authorize(roles = "admin")}; others,
 * such as {@code SCOPE_chat}, are kept as they are), and whose claim
 * {@value #AUTHENTICATION_CLAIM} holds the {@code Authentication} itself (a JWT's claims are in
 * its details). Anonymous and unauthenticated requests have no user.
 *
 * <p>The auto-configuration uses it when Spring Security is on the class path and the
 * application has no {@link Authenticator} bean of its own. Thread-safe; runs on the request's
 * thread, inside Spring Security's filter chain.
 */
public final class SpringSecurityAuthenticator implements Authenticator {

  /** The claim of the {@link HubUser} that holds the Spring {@link Authentication}. */
  public static final String AUTHENTICATION_CLAIM = "authentication";

  private static final String ROLE_PREFIX = "ROLE_";

  private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

  @Override
  public Principal authenticate(String bearerToken, HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || trustResolver.isAnonymous(authentication)) {
      return null;
    }
    Set<String> roles = new LinkedHashSet<>();
    for (GrantedAuthority granted : authentication.getAuthorities()) {
      String authority = granted.getAuthority();
      if (authority != null) {
        roles.add(authority.startsWith(ROLE_PREFIX)
            ? authority.substring(ROLE_PREFIX.length()) : authority);
      }
    }
    return new HubUser(authentication.getName(), roles,
        Map.of(AUTHENTICATION_CLAIM, authentication));
  }
}
