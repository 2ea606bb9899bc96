package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.server.Signet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The kernel send buffer of accepted sockets, capped by default: a WebSocket client that stops
 * reading under light traffic is cut off once that buffer is full and the send timeout has passed,
 * after well under the megabytes that the operating system's autotuning would have let it hold.
 */
class SendBufferSizeTest {
  /**
   * Over three times what the default buffer let through before the cut, on Linux over loopback
   * (about 300 KB: the buffer, the client's tiny window and a second of traffic), and well below
   * what the operating system's autotuning let through in the same test (about 1.7 MB, in 34 s
   * instead of 6 s).
   */
  private static final long BOUND_BYTES = 1024 * 1024;
  /** The wait for the cut: the buffer, filled at 50 KB/s, and the send timeout, with a margin. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void aStalledClientUnderLightTrafficIsCutOffAfterLessThanAutotuningAllows() throws Exception {
    try (FloodServer flood = new FloodServer(o -> {})) {
      StalledClient stalled =
          StalledClient.webSocket(flood.server.port(), "/flood?id=" + flood.negotiate());
      FloodServer.await("the client is connected", Duration.ofSeconds(5),
          () -> flood.live.size() == 1);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long sentBytes = 0;
      int sent = 0;
      // About 1 KB every 20 ms, to the client that stopped reading.
      while (flood.signet.registeredConnectionCount() == 1 || flood.sockets.holds(stalled.localPort())) {
        assertThat(sentBytes).as("bytes handed to the stalled connection while it lived")
            .isLessThan(BOUND_BYTES);
        assertThat(System.nanoTime()).as("the stalled client is cut off").isLessThan(deadline);
        flood.hub().clients().all().send("Tick", sent, FloodServer.PADDING);
        sentBytes += message(sent).length();
        sent++;
        Thread.sleep(20); // the pace of the traffic, not a wait for the server
      }
      FloodServer.await("the hub let the stalled client go", Duration.ofSeconds(5),
          () -> flood.live.isEmpty());
      assertThat(flood.signet.registeredConnectionCount()).isZero();
      stalled.awaitEnd(Duration.ofSeconds(10));
      stalled.close();
    }
  }

  @Test
  void theDefaultCapIsSetAndZeroLeavesTheBufferToTheOperatingSystem() {
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    try (SignetServer capped = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .start()) {
      assertThat(capped.connector().getAcceptedSendBufferSize())
          .isEqualTo(SignetServer.DEFAULT_SEND_BUFFER_SIZE);
    }
    Signet other = Signet.builder().hub(EchoHub.class).build();
    try (SignetServer autotuned = SignetServer.builder().host("127.0.0.1").port(0).signet(other)
        .sendBufferSize(0).start()) {
      assertThat(autotuned.connector().getAcceptedSendBufferSize()).isEqualTo(-1);
    }
  }

  /** The JSON hub message of broadcast {@code number}, as the transport sends it. */
  private static String message(int number) {
    return "{\"type\":1,\"target\":\"Tick\",\"arguments\":[" + number + ",\""
        + FloodServer.PADDING + "\"]}\u001e";
  }
}
