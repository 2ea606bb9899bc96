package io.signet.hub;

import java.security.Principal;

/**
 * Which user a connection belongs to, for {@link HubClients#user(String)}: computed once per
 * connection from its authenticated principal. The default is {@link Principal#getName()}.
 */
@FunctionalInterface
public interface UserIdProvider {

  /**
   * The user id of {@code user}, or {@code null} for none.
   *
   * @param user the connection's principal; never {@code null} (anonymous connections have no id)
   * @return the user id, or {@code null}
   */
  String userId(Principal user);
}
