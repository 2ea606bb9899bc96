package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Clients of the HTTP transports that stop reading: an event stream nobody reads, a poll answer
 * nobody reads. Each is cut off within the send and close timeouts and the server lets go of its
 * socket, while a client that reads goes on receiving.
 */
class StalledHttpClientTest {
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}\u001e";

  @Test
  void aStalledEventStreamUnderAFloodIsCutOffWhileAReaderReadsOn() throws Exception {
    try (FloodServer flood = new FloodServer(o -> {})) {
      RawWebSocketClient reader = flood.reader();
      StalledClient stalled = eventStream(flood);
      long deadline = System.nanoTime() + FloodServer.BOUND.toNanos();
      int sent = 0;
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

  @Test
  void aStalledEventStreamUnderLightTrafficIsCutOffAfterTheSendTimeout() throws Exception {
    try (FloodServer flood = new FloodServer(o -> {})) {
      RawWebSocketClient reader = flood.reader();
      flood.sockets.capSendBuffers(FloodServer.SEND_BUFFER);
      StalledClient stalled = eventStream(flood);
      int sent = StalledWebSocketClientTest.lightTrafficUntilCutOff(flood, reader, stalled);
      assertThat((long) sent * FloodServer.PADDING.length()).as("bytes sent before the cut")
          .isLessThan(512 * 1024);
      FloodServer.await("the hub let the stalled client go", Duration.ofSeconds(5),
          () -> flood.live.size() == 1);
      stalled.awaitEnd(Duration.ofSeconds(10));
      stalled.close();
      flood.endReader(reader);
    }
  }

  @Test
  void aPollAnswerTheClientDoesNotReadIsCutOff() throws Exception {
    // Room for a backlog larger than the kernel's socket buffers, so its answer cannot go out.
    try (FloodServer flood = new FloodServer(o -> o.maximumOutboundBufferSize(32 << 20))) {
      RawWebSocketClient reader = flood.reader();
      String token = flood.negotiate();
      assertThat(poll(flood, token).body()).isEmpty(); // the first poll starts the session
      flood.post(token, HANDSHAKE);
      assertThat(poll(flood, token).body()).isEqualTo("{}\u001e");
      FloodServer.await("both clients are connected", Duration.ofSeconds(5),
          () -> flood.live.size() == 2);
      int sent = 0;
      while (sent < 8000) { // 8 MB wait for the long-polling client's next poll
        sent = flood.sendAndRead(reader, sent, 100);
      }
      StalledClient stalled = StalledClient.poll(flood.server.port(), "/flood?id=" + token);
      FloodServer.await("the stalled poll is cut off", FloodServer.BOUND,
          () -> flood.signet.registeredConnectionCount() == 1);
      FloodServer.await("the stalled poll's socket is released", Duration.ofSeconds(10),
          () -> !flood.sockets.holds(stalled.localPort()));
      FloodServer.await("the hub let the stalled client go", Duration.ofSeconds(5),
          () -> flood.live.size() == 1);
      flood.sendAndRead(reader, sent, 100);
      stalled.awaitEnd(Duration.ofSeconds(10));
      stalled.close();
      flood.endReader(reader);
    }
  }

  private static StalledClient eventStream(FloodServer flood) throws Exception {
    String token = flood.negotiate();
    StalledClient stalled = StalledClient.eventStream(flood.server.port(), "/flood?id=" + token,
        () -> flood.post(token, HANDSHAKE));
    FloodServer.await("both clients are connected", Duration.ofSeconds(5),
        () -> flood.live.size() == 2);
    return stalled;
  }

  private static HttpResponse<String> poll(FloodServer flood, String token) throws Exception {
    HttpResponse<String> answer = flood.http.send(
        HttpRequest.newBuilder(URI.create(flood.url("?id=" + token))).GET()
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer;
  }
}
