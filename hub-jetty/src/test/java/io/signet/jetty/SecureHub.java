package io.signet.jetty;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A hub that needs an authenticated user, for the authentication tests. */
@Authorize
@HubEndpoint("/secure")
public class SecureHub extends Hub {
  private static final Logger log = LoggerFactory.getLogger(SecureHub.class);

  public String whoAmI() {
    // SecretsNeverLoggedTest: the request that connected, tokens and all, logs none of them.
    log.debug("whoAmI over {}", context().request());
    return context().user().getName();
  }

  public String echo(String text) {
    return text;
  }

  public int add(int a, int b) {
    return a + b;
  }
}
