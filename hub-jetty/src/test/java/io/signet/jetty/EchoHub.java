package io.signet.jetty;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;

/** A minimal hub for the transport tests. */
@HubEndpoint("/echo")
public class EchoHub extends Hub {
  public String echo(String value) {
    return value;
  }

  public int add(int a, int b) {
    return a + b;
  }
}
