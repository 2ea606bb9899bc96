package io.signet.client;

import static io.signet.client.Waiting.HANDSHAKE;
import static io.signet.client.Waiting.await;
import static io.signet.client.Waiting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.TransferFormat;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Tyrus does with threads: every thread a WebSocket brings is a daemon thread (a JVM exits
 * with connections open), and the threads of a connection end with it (nothing piles up).
 */
class WebSocketThreadsTest {
  private TestHubServer server;

  @BeforeEach
  void start() {
    server = TestHubServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Set<Thread> liveThreads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /** The threads of Tyrus and Grizzly, and this library's connect threads. */
  private static boolean isWebSocketThread(Thread thread) {
    String name = thread.getName().toLowerCase(Locale.ROOT);
    return name.contains("grizzly") || name.startsWith("tyrus")
        || name.startsWith("signet-client-ws");
  }

  @Test
  void webSocketThreadsAreDaemonsAndEndWithTheirConnection() throws Exception {
    Set<Thread> before = liveThreads();
    TransportConnector connector = new TransportConnector(
        new HttpAccess(HttpAccess.newDefaultClient(), Map.of(), null),
        EnumSet.of(TransportType.WEBSOCKETS), false);
    ReceiveRecorder received = new ReceiveRecorder();
    ConnectedTransport connected =
        await(connector.connect(server.hubUrl(), TransferFormat.Text, false, received));
    await(connected.transport().send(utf8(HANDSHAKE)));
    received.awaitRecord(record -> true);

    Set<Thread> started = liveThreads();
    started.removeAll(before);
    List<Thread> socketThreads =
        started.stream().filter(WebSocketThreadsTest::isWebSocketThread).toList();
    assertThat(socketThreads).as("threads started for the WebSocket").isNotEmpty()
        .allSatisfy(thread -> assertThat(thread.isDaemon()).as(thread.getName()).isTrue());

    await(connected.transport().stop());

    // Only the connect pool outlives the connection (its idle threads end after 30 s); Tyrus's
    // scheduler ends with the manager's last open session, which this one is.
    List<Thread> connectionThreads = socketThreads.stream()
        .filter(thread -> !thread.getName().startsWith("signet-client-ws-connect")).toList();
    assertThat(connectionThreads).as("Grizzly's threads for the connection").isNotEmpty();
    for (Thread thread : connectionThreads) {
      thread.join(ReceiveRecorder.WAIT_SECONDS * 1000);
    }
    assertThat(connectionThreads.stream().filter(Thread::isAlive)
        .map(Thread::getName).collect(Collectors.toList()))
        .as("threads still alive after the connection closed").isEmpty();
  }
}
