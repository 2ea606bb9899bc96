package io.signet.hub;

/** {@link HubClients} seen from inside a hub method, which also knows the calling connection. */
public interface HubCallerClients extends HubClients {

  /** The connection that made the current call. */
  SingleClientProxy caller();

  /** Every connection except the caller. */
  ClientProxy others();

  /** The members of a group except the caller. */
  ClientProxy othersInGroup(String groupName);
}
