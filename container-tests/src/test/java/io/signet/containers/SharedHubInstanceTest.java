package io.signet.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub factory that hands every call the same instance, as a singleton bean would, is refused
 * in a real container, whatever the host: the call fails, and the log names the hub and the fix.
 * Attaching the instance again would hand one connection's {@code context()} to another's call.
 */
class SharedHubInstanceTest {
  private Host host;

  @AfterEach
  void stopHost() throws Exception {
    if (host != null) {
      host.stopIfRunning();
    }
  }

  @Test
  void singletonFactoryIsRefusedNamingTheHubAndTheFix() throws Exception {
    LogCapture.instance().clear();
    ContainerHub shared = new ContainerHub();
    host = HandBuiltJetty.start(new ResponseLog(),
        Signet.builder().hub(ContainerHub.class, () -> shared).build());
    try (NodeClient client = NodeClient.start("call", host.hubUrl(), List.of("WebSockets"))) {
      client.assertSucceeds(Duration.ofSeconds(60));
      // The connection's onConnected took the instance; every later use is refused (a later
      // connection's onConnected too, which ends it), and the client gets the generic error, as
      // for any failure that is not a HubException.
      assertThat(client.output()).contains(
          "echo WebSockets failed: An unexpected error occurred invoking 'Echo' on the server.");
    }
    assertThat(LogCapture.instance().warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("The factory for ContainerHub returned an instance already in use (or used "
            + "before); hubs are created per call: return a new instance each time (in Spring: "
            + "prototype scope)"));
  }
}
