package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import io.signet.connection.TransportType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory client of a {@link HubEndpointRuntime}: it is the transport of a real
 * {@link Connection}, records every message the server writes, and feeds raw text in.
 */
final class TestClient implements TransportSink {
  private static final AtomicInteger IDS = new AtomicInteger();
  static final String RS = "\u001e";

  final Connection connection;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Throwable> transportClosed = new CompletableFuture<>();

  private TestClient(Connection connection) {
    this.connection = connection;
  }

  /** Connects to {@code runtime} without a handshake. */
  static TestClient connect(HubEndpointRuntime<?> runtime, ScheduledExecutorService timer) {
    return connect(runtime, timer, null);
  }

  /** Connects as {@code user} without a handshake. */
  static TestClient connect(
      HubEndpointRuntime<?> runtime, ScheduledExecutorService timer, Principal user) {
    String id = "conn-" + IDS.incrementAndGet();
    Connection connection =
        new Connection(id, id + "-token", 1, ConnectionOptions.DEFAULTS, timer, c -> {});
    assertThat(connection.claim(TransportType.WebSockets, user))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    TestClient client = new TestClient(connection);
    connection.attach(client, runtime);
    return client;
  }

  /**
   * Connects over a WebSocket-like transport on a connection negotiate granted stateful
   * reconnect, with {@code options}' window and buffer, without a handshake.
   */
  static TestClient stateful(HubEndpointRuntime<?> runtime, ScheduledExecutorService timer,
      ConnectionOptions options) {
    String id = "conn-" + IDS.incrementAndGet();
    Connection connection = new Connection(id, id + "-token", 1, options, timer, c -> {});
    connection.statefulReconnect().grant();
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    TestClient client = new TestClient(connection);
    connection.attach(client, runtime);
    return client;
  }

  /** The transport drops without a close handshake, as when the network goes. */
  void drop() {
    connection.transportLost(this, new IOException("Connection reset"));
  }

  /** A new transport for the same connection, as a client with stateful reconnect opens one. */
  TestClient resume(HubEndpointRuntime<?> runtime) {
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    TestClient client = new TestClient(connection);
    connection.attach(client, runtime);
    return client;
  }

  /** Connects and completes the JSON handshake. */
  static TestClient handshaken(HubEndpointRuntime<?> runtime, ScheduledExecutorService timer)
      throws InterruptedException {
    return handshaken(runtime, timer, null);
  }

  /** Connects as {@code user} and completes the JSON handshake. */
  static TestClient handshaken(
      HubEndpointRuntime<?> runtime, ScheduledExecutorService timer, Principal user)
      throws InterruptedException {
    TestClient client = connect(runtime, timer, user);
    client.sendRaw("{\"protocol\":\"json\",\"version\":1}" + RS);
    assertThat(client.next()).isEqualTo("{}");
    return client;
  }

  void sendRaw(String text) {
    connection.receive(this, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends one JSON message followed by the record separator. */
  void send(String json) {
    sendRaw(json + RS);
  }

  /** The next message from the server (without its separator), waiting up to 5 s. */
  String next() throws InterruptedException {
    String message = received.poll(5, TimeUnit.SECONDS);
    assertThat(message).as("a message from the server within 5 s").isNotNull();
    return message;
  }

  /** The next message that is not a ping. */
  String nextNonPing() throws InterruptedException {
    while (true) {
      String message = next();
      if (!message.equals("{\"type\":6}")) {
        return message;
      }
    }
  }

  /** Skips messages until a Close (type 7) arrives, and returns it. */
  String drainUntilClose() throws InterruptedException {
    while (true) {
      String message = next();
      if (message.contains("\"type\":7")) {
        return message;
      }
    }
  }

  /** The next message within {@code millis}, or {@code null}: for proving that none comes. */
  String pollReceived(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Messages received so far and not yet taken. */
  List<String> drainReceived() {
    List<String> all = new ArrayList<>();
    received.drainTo(all);
    return all;
  }

  /** The error the transport was closed with (null for a normal close), waiting up to 5 s. */
  Throwable awaitTransportClosed() throws Exception {
    return transportClosed.get(5, TimeUnit.SECONDS);
  }

  boolean isTransportClosed() {
    return transportClosed.isDone();
  }

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    for (OutboundPayload payload : batch) {
      String text = payload.text();
      assertThat(text).endsWith(RS);
      for (String message : text.split(RS)) {
        received.add(message);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close(Throwable error) {
    transportClosed.complete(error);
  }
}
