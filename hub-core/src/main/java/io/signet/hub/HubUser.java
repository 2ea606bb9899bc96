package io.signet.hub;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated user, as an application's authenticator returns it: a name (the default user
 * id for {@code clients().user(id)}), roles for {@link Authorize}, and any claims the application
 * wants to read back from {@link HubCallerContext#user()}.
 *
 * @param name the user's name or id; never empty
 * @param roles the user's roles, possibly empty
 * @param claims further facts about the user, possibly empty
 */
public record HubUser(String name, Set<String> roles, Map<String, Object> claims)
    implements Principal {

  /**
   * Validates the name and copies the roles and claims.
   *
   * @param name the user's name or id
   * @param roles the user's roles, possibly empty
   * @param claims further facts about the user, possibly empty
   */
  public HubUser {
    Objects.requireNonNull(name, "name == null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name is empty");
    }
    roles = Set.copyOf(roles);
    claims = Map.copyOf(claims);
  }

  /**
   * A user with roles and no claims.
   *
   * @param name the user's name, what {@link java.security.Principal#getName()} returns
   * @param roles the user's roles, possibly none
   * @return the user
   */
  public static HubUser of(String name, String... roles) {
    return new HubUser(name, Set.of(roles), Map.of());
  }

  @Override
  public String getName() {
    return name;
  }
}
