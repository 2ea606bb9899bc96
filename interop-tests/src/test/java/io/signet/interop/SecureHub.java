package io.signet.interop;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.concurrent.CompletionStage;

/**
 * A hub only authenticated users reach ({@link Authorize} on the class): requests without a valid
 * bearer token are answered {@code 401}. {@link InteropServer} authenticates the fixed tokens of
 * {@link InteropServer#USERS}. One method needs the {@code admin} role as well.
 */
@HubEndpoint("/secure")
@Authorize
public class SecureHub extends Hub {

  /** Who the hub thinks the caller is. */
  public record Identity(String name, String userIdentifier) {}

  /** The caller's principal name and user id, as the hub sees them. */
  public Identity whoAmI() {
    return new Identity(context().user().getName(), context().userIdentifier());
  }

  /** Only for users with the {@code admin} role. */
  @Authorize(roles = "admin")
  public String adminSecret() {
    return "for admins only";
  }

  /** Sends {@code Receive(message)} to every connection of one user. */
  public CompletionStage<Void> sendToUser(String userId, String message) {
    return clients().user(userId).send("Receive", message);
  }

  /** Sends {@code Receive(message)} to every connection, as a fence for absence checks. */
  public CompletionStage<Void> sendToAll(String message) {
    return clients().all().send("Receive", message);
  }
}
