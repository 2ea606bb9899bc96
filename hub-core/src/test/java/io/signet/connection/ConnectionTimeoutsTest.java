package io.signet.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport send timeout and the close timeout: a client that stops reading is let go. */
class ConnectionTimeoutsTest {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final long SEND_TIMEOUT_NANOS = SEND_TIMEOUT.toNanos();
  /** Short, so that the close timeout passes within the test on a real timer. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(100);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<Connection> ended = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
  }

  /** A transport whose writes complete only when the test says so, and that records aborts. */
  static final class StallingSink implements TransportSink {
    final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    final AtomicReference<Throwable> abortedWith = new AtomicReference<>();
    volatile long idleSinceNanos = -1;

    @Override
    public CompletionStage<Void> write(List<OutboundPayload> batch) {
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.add(future);
      return future;
    }

    @Override
    public void close(Throwable error) {
      closes.incrementAndGet();
    }

    @Override
    public void abort(Throwable error) {
      abortedWith.set(error);
      aborts.incrementAndGet();
    }

    @Override
    public long idleSinceNanos() {
      return idleSinceNanos;
    }

    void completeLast() {
      pending.get(pending.size() - 1).complete(null);
    }
  }

  private Connection attached(StallingSink sink, ConnectionTest.Recorder recorder) {
    ConnectionOptions options = new ConnectionOptions(1000, Duration.ofSeconds(15), CLOSE_TIMEOUT,
        Duration.ofSeconds(90), Duration.ZERO, SEND_TIMEOUT, Set.of(), 30_000_000, false, 100_000);
    Connection connection = new Connection("id", "token", 1, options, timer, ended::add);
    connection.claim(TransportType.WebSockets, null);
    connection.attach(sink, recorder);
    return connection;
  }

  private static OutboundPayload bytes(int size) {
    return new OutboundPayload(new byte[size]);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aWriteThatOutlivesTheSendTimeoutAbortsTheTransport() throws Exception {
    StallingSink sink = new StallingSink();
    ConnectionTest.Recorder recorder = new ConnectionTest.Recorder();
    Connection connection = attached(sink, recorder);
    connection.send(bytes(10));
    long start = 1_000_000_000L;
    connection.checkSendTimeout(start); // the first check to see the write starts its clock
    connection.checkSendTimeout(start + SEND_TIMEOUT_NANOS - 1);
    assertThat(sink.aborts.get()).isZero();
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE);

    connection.checkSendTimeout(start + SEND_TIMEOUT_NANOS);
    assertThat(sink.aborts.get()).isEqualTo(1);
    assertThat(sink.closes.get()).as("aborted, not closed behind the stuck write").isZero();
    assertThat(sink.abortedWith.get()).isInstanceOf(SendTimeoutException.class);
    assertThat(recorder.closed.get(5, TimeUnit.SECONDS)).isInstanceOf(SendTimeoutException.class);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(ended).containsExactly(connection);
    assertThat(connection.send(bytes(1))).isFalse();
  }

  @Test
  void writesThatCompleteAreNeverTimedOutHoweverLongTheConnectionIsBusy() {
    StallingSink sink = new StallingSink();
    Connection connection = attached(sink, new ConnectionTest.Recorder());
    long now = 0;
    for (int i = 0; i < 5; i++) {
      connection.send(bytes(10));
      connection.checkSendTimeout(now);
      now += SEND_TIMEOUT_NANOS / 2;
      connection.checkSendTimeout(now);
      sink.completeLast(); // each write is quicker than the timeout; together they are not
      now += SEND_TIMEOUT_NANOS / 2;
    }
    connection.checkSendTimeout(now + 10 * SEND_TIMEOUT_NANOS); // idle now: nothing to time
    assertThat(sink.aborts.get()).isZero();
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE);
  }

  @Test
  void aBatchHeldForTheClientIsTimedOnlyOnceItIsBeingSent() {
    StallingSink sink = new StallingSink();
    Connection connection = attached(sink, new ConnectionTest.Recorder());
    sink.idleSinceNanos = 0; // a long poll between polls: the batch waits for the next poll
    connection.send(bytes(10));
    connection.checkSendTimeout(0);
    connection.checkSendTimeout(3 * SEND_TIMEOUT_NANOS);
    assertThat(sink.aborts.get()).isZero();

    sink.idleSinceNanos = -1; // the poll came: the answer is being written from now on
    long polled = 4 * SEND_TIMEOUT_NANOS;
    connection.checkSendTimeout(polled);
    connection.checkSendTimeout(polled + SEND_TIMEOUT_NANOS - 1);
    assertThat(sink.aborts.get()).isZero();
    connection.checkSendTimeout(polled + SEND_TIMEOUT_NANOS);
    assertThat(sink.aborts.get()).isEqualTo(1);
  }

  @Test
  void aCloseStuckBehindAWriteAbortsTheTransportAfterTheCloseTimeout() throws Exception {
    StallingSink sink = new StallingSink();
    ConnectionTest.Recorder recorder = new ConnectionTest.Recorder();
    Connection connection = attached(sink, recorder);
    connection.send(bytes(10)); // never completes: the client stopped reading
    connection.close(null);
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE); // waiting to drain
    await("the transport is aborted", () -> sink.aborts.get() == 1);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(recorder.closed.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(ended).containsExactly(connection);
  }

  @Test
  void aTransportThatDoesNotFinishClosingIsAbortedAfterTheCloseTimeout() throws Exception {
    StallingSink sink = new StallingSink();
    Connection connection = attached(sink, new ConnectionTest.Recorder());
    connection.abort(new OutboundBufferFullException(1000)); // closes the transport: 1011
    assertThat(sink.closes.get()).isEqualTo(1);
    assertThat(ended).containsExactly(connection); // forgotten at once, not after the timeout
    await("the transport is aborted", () -> sink.aborts.get() == 1);
    assertThat(sink.abortedWith.get()).isInstanceOf(OutboundBufferFullException.class);
  }

  @Test
  void aTransportThatReportsItsEndIsNotAborted() throws Exception {
    StallingSink sink = new StallingSink();
    ConnectionTest.Recorder recorder = new ConnectionTest.Recorder();
    Connection connection = attached(sink, recorder);
    connection.close(null);
    assertThat(sink.closes.get()).isEqualTo(1);
    connection.transportClosed(null); // the close handshake completed
    // The close timeout would have passed by the time a second connection is aborted by its own.
    StallingSink other = new StallingSink();
    attached(other, new ConnectionTest.Recorder()).close(null);
    await("the other transport is aborted", () -> other.aborts.get() == 1);
    assertThat(sink.aborts.get()).isZero();
    assertThat(recorder.closedCalls.get()).isEqualTo(1);
  }
}
