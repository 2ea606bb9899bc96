package io.signet.jetty;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;

/** A hub that needs an authenticated user, for the authentication tests. */
@Authorize
@HubEndpoint("/secure")
public class SecureHub extends Hub {
  public String whoAmI() {
    return context().user().getName();
  }
}
