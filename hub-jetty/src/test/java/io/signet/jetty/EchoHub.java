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

  /** Sends the caller {@code count} messages {@code Part(round, i, "ppp…")}, in order. */
  public void burst(int round, int count, int size) {
    String payload = "p".repeat(size);
    for (int i = 0; i < count; i++) {
      clients().caller().send("Part", round, i, payload);
    }
  }
}
