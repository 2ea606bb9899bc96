package io.signet.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.internal.ConnectionRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stateful reconnect in the connection layer: detaching when a WebSocket drops, resuming on a new
 * one with the unacknowledged messages, and every way it ends for good.
 */
class StatefulReconnectTest {
  private static final Duration WINDOW = Duration.ofSeconds(15);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
  }

  /** A transport whose writes complete at once (or fail), recording what it was given. */
  static final class RecordingSink implements TransportSink {
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger aborts = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile boolean failWrites;

    @Override
    public CompletionStage<Void> write(List<OutboundPayload> batch) {
      if (failWrites) {
        return CompletableFuture.failedFuture(new IOException("connection reset"));
      }
      batch.forEach(payload -> written.add(payload.text()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(Throwable error) {
      closes.incrementAndGet();
    }

    @Override
    public void abort(Throwable error) {
      aborts.incrementAndGet();
    }
  }

  /** Records what the connection tells its listener. */
  static final class Listener implements ConnectionListener, ConnectionHandler {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<Integer> reattached = new CopyOnWriteArrayList<>();
    final List<Throwable> closed = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();

    @Override
    public ConnectionListener onConnected(Connection connection) {
      connected.incrementAndGet();
      return this;
    }

    @Override
    public void onReceive(ByteBuffer data) {
      received.add(StandardCharsets.UTF_8.decode(data).toString());
    }

    @Override
    public void onReattached(int attachment) {
      reattached.add(attachment);
    }

    @Override
    public void onClosed(Throwable error) {
      closed.add(error == null ? new NoError() : error);
    }
  }

  /** Stands for a {@code null} error in {@link Listener#closed}. */
  static final class NoError extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static ConnectionOptions options(long outboundLimit, long replayLimit) {
    return new ConnectionOptions(outboundLimit, WINDOW, Duration.ofSeconds(5),
        Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(10), Set.of(), 30_000_000,
        true, replayLimit);
  }

  private static OutboundPayload text(String text) {
    return new OutboundPayload(text.getBytes(StandardCharsets.UTF_8));
  }

  private static OutboundPayload bytes(int size) {
    return new OutboundPayload(new byte[size]);
  }

  private static OutboundPayload sequence(long id) {
    return text("Sequence " + id);
  }

  private Connection statefulConnection(ConnectionOptions options, List<Connection> ended) {
    Connection connection = new Connection("id", "token", 1, options, timer, ended::add);
    connection.statefulReconnect().grant();
    return connection;
  }

  /** Claims and attaches {@code sink} for {@code user}, and enables stateful reconnect. */
  private static void start(Connection connection, RecordingSink sink, Listener listener,
      Principal user) {
    assertThat(connection.claim(TransportType.WebSockets, user))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    connection.attach(sink, listener);
    assertThat(connection.statefulReconnect().enable(StatefulReconnectTest::sequence))
        .isTrue();
  }

  private Connection started(RecordingSink sink, Listener listener) {
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    start(connection, sink, listener, null);
    return connection;
  }

  @Test
  void aResumeKeepsItsOwnRequestAsASecondRequestOfOneTransportKeepsNone() {
    ConnectionRequest upgrade = request("/hub?first");
    ConnectionRequest resume = request("/hub?resume");
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    assertThat(connection.request()).isNull();
    assertThat(connection.claim(TransportType.WebSockets, null, () -> upgrade))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    RecordingSink first = new RecordingSink();
    connection.attach(first, new Listener());
    assertThat(connection.statefulReconnect().enable(StatefulReconnectTest::sequence)).isTrue();
    assertThat(connection.request()).isSameAs(upgrade);

    assertThat(connection.claim(TransportType.LongPolling, null, () -> {
      throw new AssertionError("a refused claim copies nothing");
    })).isEqualTo(Connection.ClaimResult.OTHER_TRANSPORT);
    connection.transportLost(first, new IOException("connection reset"));
    assertThat(connection.claim(TransportType.WebSockets, null, () -> resume))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    assertThat(connection.request()).as("as ASP.NET Core takes the resuming request")
        .isSameAs(resume);
  }

  private static ConnectionRequest request(String path) {
    return new ConnectionRequest(path, Map.of(), Map.of(), "127.0.0.1", 1, "127.0.0.1", 2, false);
  }

  @Test
  void aDroppedWebSocketDetachesAndTheNextOneGetsTheSequenceAndWhatWasNotAcknowledged() {
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(first, listener);
    connection.sendTrackable(text("m1"));
    connection.sendTrackable(text("m2"));
    connection.send(text("ping"));
    connection.sendTrackable(text("m3"));
    assertThat(first.written).containsExactly("m1", "m2", "ping", "m3");
    connection.statefulReconnect().acknowledge(1);

    connection.transportLost(first, new IOException("connection reset"));
    assertThat(connection.state()).isEqualTo(Connection.State.DETACHED);
    assertThat(connection.statefulReconnect().isDetached()).isTrue();
    connection.sendTrackable(text("m4")); // kept for the client
    connection.send(text("ping")); // meaningless to a client that is away: dropped
    assertThat(listener.closed).isEmpty();

    RecordingSink second = new RecordingSink();
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    assertThat(connection.statefulReconnect().isDetached())
        .as("until the new transport is up").isTrue();
    connection.attach(second, listener);
    connection.sendTrackable(text("m5"));
    assertThat(second.written).containsExactly("Sequence 2", "m2", "m3", "m4", "m5");
    assertThat(listener.reattached).containsExactly(2);
    assertThat(listener.connected).as("no second onConnected").hasValue(1);
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE);
    assertThat(connection.statefulReconnect().isDetached()).isFalse();

    // Everything acknowledged: the next resume starts with the number of the next message.
    connection.statefulReconnect().acknowledge(5);
    connection.transportLost(second, null);
    RecordingSink third = new RecordingSink();
    connection.claim(TransportType.WebSockets, null);
    connection.attach(third, listener);
    assertThat(third.written).containsExactly("Sequence 6");
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void whatTheReplacedTransportStillReportsIsIgnored() {
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(first, listener);
    connection.transportLost(first, null);
    RecordingSink second = new RecordingSink();
    connection.claim(TransportType.WebSockets, null);
    connection.attach(second, listener);

    ByteBuffer stale = ByteBuffer.wrap("{\"type\":1".getBytes(StandardCharsets.UTF_8));
    assertThat(connection.receive(first, stale)).isFalse();
    connection.transportClosed(first, null);
    connection.transportLost(first, new IOException("late"));
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE);
    assertThat(connection.receive(second, ByteBuffer.wrap(new byte[] {'x'}))).isTrue();
    assertThat(listener.received).containsExactly("x");
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void aNewWebSocketWhileTheOldOneSeemsOpenReplacesIt() {
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(first, listener);
    connection.sendTrackable(text("m1"));
    // The client saw its socket die; the server did not notice yet.
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    assertThat(first.aborts).hasValue(1);
    RecordingSink second = new RecordingSink();
    connection.attach(second, listener);
    assertThat(second.written).containsExactly("Sequence 1", "m1");
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void aCleanCloseEndsTheConnectionForGood() {
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(first, listener);
    connection.transportClosed(first, null);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement().isInstanceOf(NoError.class);
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLOSED);
  }

  @Test
  void theServersOwnEndIsForGoodEvenIfTheTransportThenDrops() {
    ConnectionTest.ManualSink slow = new ConnectionTest.ManualSink();
    Listener listener = new Listener();
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    connection.claim(TransportType.WebSockets, null);
    connection.attach(slow, listener);
    connection.statefulReconnect().enable(StatefulReconnectTest::sequence);
    connection.sendTrackable(text("m1")); // its write is still pending
    connection.close(null); // waits for that write
    connection.transportLost(slow, new IOException("reset during the close"));
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement().isInstanceOf(IOException.class);
  }

  @Test
  void withoutStatefulReconnectADroppedWebSocketEndsTheConnectionAndASecondOneIsRefused() {
    // Granted at negotiate, but the hub layer never enabled it (a version-1 handshake).
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    connection.claim(TransportType.WebSockets, null);
    connection.attach(first, listener);
    connection.statefulReconnect().disable();
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.ALREADY_ACTIVE);
    connection.transportLost(first, new IOException("connection reset"));
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement().isInstanceOf(IOException.class);
  }

  @Test
  void itTakesTheOptionAWebSocketAndTheHubLayer() {
    ConnectionOptions notAllowed = new ConnectionOptions(1000, WINDOW, Duration.ofSeconds(5),
        Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(10), Set.of(), 30_000_000,
        false, 100_000);
    Connection refused = new Connection("id", "token", 1, notAllowed, timer, c -> {});
    refused.statefulReconnect().grant();
    assertThat(refused.statefulReconnect().isGranted()).isFalse();

    Connection polling = statefulConnection(options(1000, 100), new ArrayList<>());
    polling.claim(TransportType.LongPolling, null);
    polling.attach(new RecordingSink(), new Listener());
    assertThat(polling.statefulReconnect().enable(StatefulReconnectTest::sequence)).isFalse();
  }

  @Test
  void aResumeMustComeFromTheConnectionsUser() {
    Principal alice = () -> "alice";
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    RecordingSink first = new RecordingSink();
    start(connection, first, new Listener(), alice);
    connection.transportLost(first, null);
    assertThat(connection.claim(TransportType.WebSockets, () -> "mallory"))
        .isEqualTo(Connection.ClaimResult.OTHER_USER);
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.OTHER_USER);
    assertThat(connection.claim(TransportType.LongPolling, alice))
        .isEqualTo(Connection.ClaimResult.OTHER_TRANSPORT);
    assertThat(connection.claim(TransportType.WebSockets, () -> "alice"))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    assertThat(connection.claim(TransportType.WebSockets, alice))
        .as("one resume at a time").isEqualTo(Connection.ClaimResult.ALREADY_ACTIVE);
  }

  @Test
  void theSweepEndsAConnectionNotResumedWithinTheWindowOnce() {
    ConnectionRegistry registry = new ConnectionRegistry(options(1_000_000, 100_000), timer);
    Connection connection = registry.create(1);
    connection.statefulReconnect().grant();
    RecordingSink sink = new RecordingSink();
    Listener listener = new Listener();
    start(connection, sink, listener, null);
    connection.transportLost(sink, null);

    registry.sweep(System.nanoTime());
    assertThat(connection.state()).isEqualTo(Connection.State.DETACHED);
    assertThat(registry.size()).as("still counted while away").isEqualTo(1);

    long afterWindow = System.nanoTime() + WINDOW.toNanos() + Duration.ofSeconds(1).toNanos();
    registry.sweep(afterWindow);
    registry.sweep(afterWindow);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement().isInstanceOf(NoError.class);
    assertThat(registry.size()).isZero();
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLOSED);
  }

  @Test
  void closingWhileAwayEndsAtOnce() {
    RecordingSink sink = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(sink, listener);
    connection.transportLost(sink, null);
    connection.close(null);
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement().isInstanceOf(NoError.class);
    assertThat(sink.closes).as("the dropped transport is not touched again").hasValue(0);
  }

  @Test
  void whileAwayTheBufferBoundsWhatIsKeptAndOverflowEndsTheConnection() {
    List<Connection> ended = new ArrayList<>();
    Connection connection = statefulConnection(options(1_000_000, 100), ended);
    RecordingSink sink = new RecordingSink();
    Listener listener = new Listener();
    start(connection, sink, listener, null);
    connection.transportLost(sink, null);
    assertThat(connection.sendTrackable(bytes(60))).isTrue();
    assertThat(connection.sendTrackable(bytes(60))).isFalse();
    assertThat(connection.state()).isEqualTo(Connection.State.CLOSED);
    assertThat(listener.closed).singleElement()
        .isInstanceOf(StatefulReconnectBufferFullException.class)
        .extracting(Throwable::getMessage).asString()
        .contains("HubOptions.statefulReconnectBufferSize");
    assertThat(ended).containsExactly(connection);
  }

  @Test
  void unacknowledgedBytesPauseWaitingProducersAndBoundTheOthers() {
    RecordingSink sink = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = statefulConnection(options(1000, 100), new ArrayList<>());
    start(connection, sink, listener, null);
    connection.sendTrackable(bytes(60));
    assertThat(connection.isWritable()).isTrue();
    connection.sendTrackable(bytes(60));
    assertThat(connection.isWritable()).as("100 bytes unacknowledged").isFalse();
    AtomicInteger resumed = new AtomicInteger();
    connection.whenWritable(resumed::incrementAndGet);
    assertThat(resumed).hasValue(0);
    connection.statefulReconnect().acknowledge(1);
    assertThat(resumed).hasValue(1);
    assertThat(connection.statefulReconnect().keptBytes()).isEqualTo(60);

    // Sends that cannot wait go on, up to what a slow client may have waiting.
    for (int i = 0; i < 15; i++) {
      assertThat(connection.sendTrackable(bytes(60))).isTrue();
    }
    assertThat(connection.sendTrackable(bytes(60))).isFalse();
    assertThat(listener.closed).singleElement().isInstanceOf(OutboundBufferFullException.class);
  }

  @Test
  void aWriteFailingOnATransportAlreadyDroppedOrReplacedEndsNothing() {
    RecordingSink first = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(first, listener);
    connection.transportLost(first, null);
    // The failure of a write still pending on the dropped socket is reported late.
    connection.writeFailed(first, new IOException("connection reset"));
    assertThat(connection.state()).isEqualTo(Connection.State.DETACHED);
    RecordingSink second = new RecordingSink();
    connection.claim(TransportType.WebSockets, null);
    connection.writeFailed(first, new IOException("connection reset"));
    connection.attach(second, listener);
    connection.writeFailed(first, new IOException("connection reset"));
    assertThat(connection.state()).isEqualTo(Connection.State.ACTIVE);
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void aStalledWriteAbortsOnlyTheSocketAndTheClientMayResume() {
    ConnectionTest.ManualSink stalled = new ConnectionTest.ManualSink();
    Listener listener = new Listener();
    Connection connection = statefulConnection(options(1_000_000, 100_000), new ArrayList<>());
    connection.claim(TransportType.WebSockets, null);
    connection.attach(stalled, listener);
    connection.statefulReconnect().enable(StatefulReconnectTest::sequence);
    connection.sendTrackable(text("m1")); // never completes: the client stopped reading
    long now = System.nanoTime();
    connection.checkSendTimeout(now);
    connection.checkSendTimeout(now + Duration.ofSeconds(11).toNanos());
    assertThat(connection.state()).isEqualTo(Connection.State.DETACHED);
    assertThat(stalled.closes).as("aborted, which ManualSink counts as a close").hasValue(1);
    assertThat(listener.closed).isEmpty();
    RecordingSink second = new RecordingSink();
    connection.claim(TransportType.WebSockets, null);
    connection.attach(second, listener);
    assertThat(second.written).containsExactly("Sequence 1", "m1");
  }

  @Test
  void aFailedWriteDetachesRatherThanEnds() {
    RecordingSink sink = new RecordingSink();
    Listener listener = new Listener();
    Connection connection = started(sink, listener);
    sink.failWrites = true;
    connection.sendTrackable(text("m1"));
    assertThat(connection.state()).isEqualTo(Connection.State.DETACHED);
    assertThat(listener.closed).isEmpty();
    RecordingSink second = new RecordingSink();
    connection.claim(TransportType.WebSockets, null);
    connection.attach(second, listener);
    assertThat(second.written).containsExactly("Sequence 1", "m1");
  }
}
