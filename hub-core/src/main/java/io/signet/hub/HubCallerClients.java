package io.signet.hub;

/** {@link HubClients} seen from inside a hub method, which also knows the calling connection. */
public interface HubCallerClients extends HubClients {

  /** {@return the connection that made the current call} */
  SingleClientProxy caller();

  /** {@return every connection except the caller} */
  ClientProxy others();

  /**
   * The members of a group except the caller.
   *
   * @param groupName the group's name
   * @return the recipients
   */
  ClientProxy othersInGroup(String groupName);
}
