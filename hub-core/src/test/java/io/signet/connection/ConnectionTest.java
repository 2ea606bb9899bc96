package io.signet.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound queue, its bound, and the single end of a connection. */
class ConnectionTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
  }

  /** A transport whose writes complete only when the test says so. */
  static final class ManualSink implements TransportSink {
    final List<List<OutboundPayload>> batches = new ArrayList<>();
    final List<CompletableFuture<Void>> pending = new ArrayList<>();
    final AtomicReference<Throwable> closedWith = new AtomicReference<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public synchronized CompletionStage<Void> write(List<OutboundPayload> batch) {
      batches.add(batch);
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.add(future);
      return future;
    }

    @Override
    public void close(Throwable error) {
      closedWith.set(error);
      closes.incrementAndGet();
    }

    synchronized void completeAll() {
      List<CompletableFuture<Void>> copy = new ArrayList<>(pending);
      pending.clear();
      copy.forEach(f -> f.complete(null));
    }
  }

  /** Records what the connection tells its listener. */
  static final class Recorder implements ConnectionListener, ConnectionHandler {
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    final AtomicInteger closedCalls = new AtomicInteger();
    final List<String> received = new ArrayList<>();

    @Override
    public ConnectionListener onConnected(Connection connection) {
      return this;
    }

    @Override
    public void onReceive(ByteBuffer data) {
      received.add(java.nio.charset.StandardCharsets.UTF_8.decode(data).toString());
    }

    @Override
    public void onClosed(Throwable error) {
      closedCalls.incrementAndGet();
      closed.complete(error);
    }
  }

  private Connection connection(long limit, List<Connection> ended) {
    ConnectionOptions options =
        new ConnectionOptions(
        limit, Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(90),
        Duration.ZERO, Duration.ofSeconds(10), java.util.Set.of(), 30_000_000, false, 100_000);
    Connection connection = new Connection("id", "token", 1, options, timer, ended::add);
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    return connection;
  }

  private static OutboundPayload bytes(int size) {
    return new OutboundPayload(new byte[size]);
  }

  @Test
  void batchesWhatQueuedWhileAWriteWasInFlight() {
    ManualSink sink = new ManualSink();
    Connection connection = connection(1000, new ArrayList<>());
    connection.attach(sink, new Recorder());
    connection.send(bytes(10));
    connection.send(bytes(20));
    connection.send(bytes(30));
    assertThat(sink.batches).hasSize(1);
    sink.completeAll();
    assertThat(sink.batches).hasSize(2);
    assertThat(sink.batches.get(1)).extracting(OutboundPayload::size).containsExactly(20, 30);
  }

  @Test
  void aClientThatFallsBehindTheBoundIsDisconnected() throws Exception {
    ManualSink sink = new ManualSink();
    List<Connection> ended = new ArrayList<>();
    Connection connection = connection(100, ended);
    Recorder recorder = new Recorder();
    connection.attach(sink, recorder);
    assertThat(connection.send(bytes(60))).isTrue(); // in flight
    assertThat(connection.send(bytes(60))).isTrue(); // queued
    assertThat(connection.send(bytes(60))).isFalse(); // over the bound
    assertThat(recorder.closed.get(5, TimeUnit.SECONDS))
        .isInstanceOf(OutboundBufferFullException.class);
    assertThat(sink.closedWith.get()).isInstanceOf(OutboundBufferFullException.class);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ended).containsExactly(connection);
    assertThat(connection.send(bytes(1))).isFalse();
  }

  @Test
  void closeWaitsForQueuedBytesAndEndsOnce() throws Exception {
    ManualSink sink = new ManualSink();
    Connection connection = connection(1000, new ArrayList<>());
    Recorder recorder = new Recorder();
    connection.attach(sink, recorder);
    connection.send(bytes(10));
    connection.close(null);
    connection.close(new IllegalStateException("ignored: already closing"));
    assertThat(sink.closes.get()).isZero();
    sink.completeAll();
    assertThat(recorder.closed.get(5, TimeUnit.SECONDS)).isNull();
    connection.transportClosed(new IllegalStateException("late"));
    connection.abort(new IllegalStateException("late"));
    assertThat(sink.closes.get()).isEqualTo(1);
    assertThat(recorder.closedCalls.get()).isEqualTo(1);
  }

  @Test
  void claimsFollowTheDispatcherRules() {
    Connection connection = connection(1000, new ArrayList<>());
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.ALREADY_ACTIVE);
    assertThat(connection.claim(TransportType.LongPolling, null))
        .isEqualTo(Connection.ClaimResult.OTHER_TRANSPORT);
    connection.abort(null);
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLOSED);
  }

  @Test
  void bytesReachTheListenerOnlyWhileActive() {
    Connection connection = connection(1000, new ArrayList<>());
    Recorder recorder = new Recorder();
    connection.receive(ByteBuffer.wrap("early".getBytes()));
    connection.attach(new ManualSink(), recorder);
    connection.receive(ByteBuffer.wrap("hello".getBytes()));
    connection.abort(null);
    connection.receive(ByteBuffer.wrap("late".getBytes()));
    assertThat(recorder.received).containsExactly("hello");
  }
}
