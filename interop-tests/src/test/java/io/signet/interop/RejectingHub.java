package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;

/**
 * A hub that turns every connection away in {@link #onConnected()}, for the scenario of a
 * server-initiated close with an error (the client sees the {@link HubException} text).
 */
@HubEndpoint("/rejecting")
public class RejectingHub extends Hub {

  @Override
  public void onConnected() {
    throw new HubException("go away");
  }

  /** Never reached; a hub needs no methods, but one makes a mistaken success visible. */
  public String echo(String message) {
    return message;
  }
}
