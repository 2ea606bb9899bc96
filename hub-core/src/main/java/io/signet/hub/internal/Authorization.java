package io.signet.hub.internal;

import io.signet.hub.Authorize;
import io.signet.hub.HubUser;
import java.security.Principal;
import java.util.Set;

/** Checks {@link Authorize} on a hub class and its methods. Stateless. */
final class Authorization {
  private final Authorize onClass;

  Authorization(Class<?> hubClass) {
    this.onClass = hubClass.getAnnotation(Authorize.class);
  }

  /** Whether every request to the hub needs an authenticated user. */
  boolean requiresAuthentication() {
    return onClass != null;
  }

  /**
   * Why {@code connection}'s user may not call {@code method} (called as {@code target}), as the
   * client's error text, or {@code null} when it may.
   */
  String refusal(HubMethod method, HubConnectionContext connection, String target) {
    Principal user = connection.user();
    if (permits(onClass, user) && permits(method.method().getAnnotation(Authorize.class), user)) {
      return null;
    }
    return "Failed to invoke '" + target + "' because user is unauthorized";
  }

  private static boolean permits(Authorize rule, Principal user) {
    if (rule == null) {
      return true;
    }
    if (user == null) {
      return false;
    }
    if (rule.roles().length == 0) {
      return true;
    }
    Set<String> roles = user instanceof HubUser hubUser ? hubUser.roles() : Set.of();
    for (String role : rule.roles()) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
