package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.ServerTransport;
import io.signet.transport.websocket.WebSocketTransport;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WebSocket client that stops reading is cut off within the send and close timeouts, and the
 * server lets go of its socket, while a client that reads goes on receiving; on both WebSocket
 * transports.
 */
class StalledWebSocketClientTest {

  static Stream<Arguments> webSockets() {
    return Stream.of(
        Arguments.of("Jetty's native WebSockets", new ServerTransport[0]),
        Arguments.of("Jakarta WebSockets", new ServerTransport[] {new WebSocketTransport()}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webSockets")
  void aStalledClientUnderAFloodIsCutOffWhileAReaderReadsOn(
      String name, ServerTransport[] transports) throws Exception {
    try (FloodServer flood = new FloodServer(o -> {}, transports)) {
      RawWebSocketClient reader = flood.reader();
      StalledClient stalled =
          StalledClient.webSocket(flood.server.port(), "/flood?id=" + flood.negotiate());
      FloodServer.await("both clients are connected", Duration.ofSeconds(5),
          () -> flood.live.size() == 2);
      long deadline = System.nanoTime() + FloodServer.BOUND.toNanos();
      int sent = 0;
      // As fast as the reader reads: it stays within 100 messages of the server, so only the
      // client that stopped reading falls behind.
      while (flood.sockets.holds(stalled.localPort())) {
        assertThat(System.nanoTime()).as("the stalled client's socket is released")
            .isLessThan(deadline);
        sent = flood.sendAndRead(reader, sent, 100);
      }
      assertThat(flood.signet.registeredConnectionCount()).isEqualTo(1);
      FloodServer.await("the hub let the stalled client go", Duration.ofSeconds(5),
          () -> flood.live.size() == 1);
      flood.sendAndRead(reader, sent, 100);
      stalled.awaitEnd(Duration.ofSeconds(10));
      stalled.close();
      flood.endReader(reader);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webSockets")
  void aStalledClientUnderLightTrafficIsCutOffAfterTheSendTimeoutNotAfterMegabytes(
      String name, ServerTransport[] transports) throws Exception {
    try (FloodServer flood = new FloodServer(o -> {}, transports)) {
      RawWebSocketClient reader = flood.reader();
      flood.sockets.capSendBuffers(FloodServer.SEND_BUFFER);
      StalledClient stalled =
          StalledClient.webSocket(flood.server.port(), "/flood?id=" + flood.negotiate());
      FloodServer.await("both clients are connected", Duration.ofSeconds(5),
          () -> flood.live.size() == 2);
      int sent = lightTrafficUntilCutOff(flood, reader, stalled);
      // Only what the kernel's socket buffers hold went out, far from the 1 MiB outbound bound.
      assertThat((long) sent * FloodServer.PADDING.length()).as("bytes sent before the cut")
          .isLessThan(512 * 1024);
      FloodServer.await("the hub let the stalled client go", Duration.ofSeconds(5),
          () -> flood.live.size() == 1);
      flood.sendAndRead(reader, sent, 10);
      stalled.awaitEnd(Duration.ofSeconds(10));
      stalled.close();
      flood.endReader(reader);
    }
  }

  /**
   * Broadcasts a message every 100 ms until the stalled client is forgotten and its socket
   * released, which must happen within {@link FloodServer#BOUND}.
   *
   * @return how many messages were sent
   */
  static int lightTrafficUntilCutOff(
      FloodServer flood, RawWebSocketClient reader, StalledClient stalled) throws Exception {
    long deadline = System.nanoTime() + FloodServer.BOUND.toNanos();
    int sent = 0;
    while (flood.signet.registeredConnectionCount() == 2 || flood.sockets.holds(stalled.localPort())) {
      assertThat(System.nanoTime()).as("the stalled client is cut off").isLessThan(deadline);
      sent = flood.sendAndRead(reader, sent, 1);
      Thread.sleep(100); // the pace of the traffic, not a wait for the server
    }
    return sent;
  }
}
