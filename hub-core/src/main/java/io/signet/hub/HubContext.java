package io.signet.hub;

/**
 * Reaches a hub's connections from outside the hub: a REST handler, a scheduled job, a message
 * listener. Obtain it from {@code Signet.hubContext(Class)}; thread-safe and long-lived.
 *
 * @param <H> the hub type
 */
public interface HubContext<H extends Hub> {

  /**
   * Chooses recipients. There is no caller here, so no {@code caller()} or {@code others()}.
   *
   * @return the recipients of the hub's connections
   */
  HubClients clients();

  /**
   * Manages group membership.
   *
   * @return the hub's group membership
   */
  Groups groups();

  /** {@return who is connected: group members, a user's connections, whether a user is online} */
  Presence presence();
}
