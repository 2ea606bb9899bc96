package io.signet.spring.secured;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubUser;
import io.signet.spring.SpringSecurityAuthenticator;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** A hub for authenticated users only, which tells each who it is. */
@Component
@HubEndpoint("/secure")
@Authorize
public class SecureHub extends Hub {

  /** The caller's name, user id, roles and the kind of its Spring authentication. */
  public Map<String, Object> whoAmI() {
    HubUser user = (HubUser) context().user();
    Authentication authentication =
        (Authentication) user.claims().get(SpringSecurityAuthenticator.AUTHENTICATION_CLAIM);
    return Map.of("name", user.getName(), "userId", context().userIdentifier(),
        "roles", new TreeSet<>(user.roles()),
        "authentication", authentication.getClass().getSimpleName());
  }

  /** Only for the role {@code admin} (the authority {@code ROLE_admin}). */
  @Authorize(roles = "admin")
  public String adminOnly() {
    return "granted";
  }
}
