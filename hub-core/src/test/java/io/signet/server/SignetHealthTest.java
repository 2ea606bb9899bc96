package io.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.TransportType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-word status and {@code isUp()} of each combination, and the snapshot's copy. */
class SignetHealthTest {
  private static final Map<String, Map<TransportType, Integer>> NONE = Map.of();

  @Test
  void aScaleOutOutageDegradesButKeepsTheNodeUp() {
    SignetHealth up = new SignetHealth(true, true, NONE);
    SignetHealth degraded = new SignetHealth(true, false, NONE);
    SignetHealth closed = new SignetHealth(false, true, NONE);
    SignetHealth closedAndCutOff = new SignetHealth(false, false, NONE);

    assertThat(up.status()).isEqualTo(SignetHealth.Status.UP);
    assertThat(degraded.status()).isEqualTo(SignetHealth.Status.DEGRADED);
    assertThat(closed.status()).isEqualTo(SignetHealth.Status.DOWN);
    assertThat(closedAndCutOff.status()).isEqualTo(SignetHealth.Status.DOWN);
    assertThat(up.isUp()).isTrue();
    assertThat(degraded.isUp()).isTrue();
    assertThat(closed.isUp()).isFalse();
    assertThat(closedAndCutOff.isUp()).isFalse();
  }

  @Test
  void theSnapshotDoesNotFollowTheMapItWasMadeFrom() {
    Map<String, Map<TransportType, Integer>> byHub = new HashMap<>();
    byHub.put("/chat", Map.of(TransportType.WebSockets, 2, TransportType.LongPolling, 1));
    SignetHealth health = new SignetHealth(true, true, byHub);
    byHub.put("/other", Map.of(TransportType.WebSockets, 5));

    assertThat(health.activeConnections()).containsOnlyKeys("/chat");
    assertThat(health.totalConnections()).isEqualTo(3);
  }
}
