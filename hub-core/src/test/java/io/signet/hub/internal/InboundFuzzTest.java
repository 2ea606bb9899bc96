package io.signet.hub.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import io.signet.connection.TransportType;
import io.signet.hub.HubOptions;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Feeds arbitrary and damaged bytes through a real {@link Connection} into a hub, as a transport
 * hands them over, in random pieces. Whatever arrives: {@code receive} never throws; the
 * connection either answers a well-formed call sent after the garbage or closes with an error,
 * within 5 s (never hangs); and once the client is gone, nothing of it is left: not in the
 * endpoint, the lifetime manager, its groups, nor its streams, uploads or awaited results.
 */
class InboundFuzzTest {
  private static final byte RS = 0x1E;
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final JsonHubProtocol PROTOCOL = new JsonHubProtocol();

  // One endpoint for all tries, as a server has; a single hub thread makes "everything queued so
  // far has run" something a test can await.
  private static ExecutorService executor;
  private static ScheduledExecutorService timer;
  private static HubEndpointRuntime<FuzzHub> runtime;

  @BeforeContainer
  static void start() {
    executor = Executors.newSingleThreadExecutor();
    timer = Executors.newSingleThreadScheduledExecutor();
    runtime = new HubEndpointRuntime<>(FuzzHub.class, null, HubOptions.builder()
        .enableDetailedErrors(true)
        .maximumReceiveMessageSize(2048)
        .maximumNestingDepth(8)
        .maximumArgumentCount(4)
        .maximumOpenStreams(3)
        .maximumPendingClientResults(1)
        .clientResultTimeout(Duration.ofMillis(20))
        .build(), PROTOCOL, executor);
  }

  @AfterContainer
  static void stop() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Provide
  Arbitrary<byte[]> handshakes() {
    Arbitrary<byte[]> valid = Arbitraries.of("{\"protocol\":\"json\",\"version\":1}",
            "{\"version\":2,\"protocol\":\"json\",\"x\":[1]}")
        .map(json -> (json + "\u001e").getBytes(UTF_8));
    return Arbitraries.frequencyOf(
        Tuple.of(8, valid),
        Tuple.of(1, mutated(valid)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> valid = FuzzHub.messages().list().ofMinSize(1).ofMaxSize(6)
        .map(list -> (String.join("\u001e", list) + "\u001e").getBytes(UTF_8));
    // Well-formed bodies most often, so that many connections live on to the probe with streams,
    // uploads and client results open: that is where leftovers would show.
    return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(2, mutated(valid)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
        Tuple.of(1, Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) '"', (byte) ':',
            (byte) '1', RS).array(byte[].class).ofMaxSize(300)));
  }

  @Property
  void garbageClosesTheConnectionOrLeavesItWorkingAndLeavesNothingBehind(
      @ForAll("handshakes") byte[] handshake, @ForAll("bodies") byte[] body,
      @ForAll Random random) throws Exception {
    FuzzClient client = new FuzzClient();
    byte[] input = concat(handshake, body);
    int at = 0;
    while (at < input.length) { // in pieces, as the network splits them
      int piece = 1 + random.nextInt(Math.max(1, input.length - at));
      client.receive(ByteBuffer.wrap(input, at, piece).slice());
      at += piece;
    }
    if (containsClientClose(body)) {
      // A client that sends Close closes its transport next; the server's grace is not waited.
      Statistics.label("outcome").collect("client closed");
    } else {
      client.receive(probe("probe-a")); // ends what the garbage left open, if anything
      client.receive(probe("probe-b")); // starts clean: answered unless the connection ended
      String outcome = client.awaitOutcome();
      Statistics.label("outcome").collect(outcome);
      if (outcome.equals("closed")) {
        assertThat(client.lastMessage()).as("closed with an error").matches(
            last -> last == null || endsWithError(last));
      }
    }
    client.leave();
    client.awaitNothingLeft();
  }

  // ---- the client

  /** The transport of one connection: records what the server writes and when it closes. */
  private static final class FuzzClient implements TransportSink {
    private final Connection connection;
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    private final List<String> received = new ArrayList<>();
    private HubConnectionContext context;

    FuzzClient() {
      String id = "fuzz-" + IDS.incrementAndGet();
      connection = new Connection(id, id + "-token", 1, ConnectionOptions.DEFAULTS, timer, c -> {});
      assertThat(connection.claim(TransportType.WebSockets, null))
          .isEqualTo(Connection.ClaimResult.CLAIMED);
      connection.attach(this, c -> context = (HubConnectionContext) runtime.onConnected(c));
    }

    void receive(ByteBuffer data) {
      try {
        connection.receive(data);
      } catch (Throwable e) {
        fail("receive threw", e);
      }
    }

    String awaitOutcome() throws Exception {
      try {
        return outcome.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        synchronized (received) {
          return fail("neither answered nor closed within 5 s; received " + received);
        }
      }
    }

    String lastMessage() {
      synchronized (received) {
        return received.isEmpty() ? null : received.get(received.size() - 1);
      }
    }

    /** The client goes away, as a transport reports it. */
    void leave() {
      connection.transportClosed(null);
    }

    /** Runs what the hub thread has queued until nothing of this client is left (or 5 s pass). */
    void awaitNothingLeft() throws Exception {
      for (int round = 0; ; round++) {
        OpenCalls calls = context.openCallsIfAny();
        if (calls.openStreams() == 0 && calls.pendingResults() == 0
            && runtime.connectionCount() == 0 && runtime.localManager().connections().isEmpty()
            && runtime.localManager().groupCount() == 0) {
          return;
        }
        assertThat(round).as("left behind: %d streams, %d results, %d connections, %d groups",
            calls.openStreams(), calls.pendingResults(), runtime.connectionCount(),
            runtime.localManager().groupCount()).isLessThan(50);
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        timer.schedule(() -> { }, 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
      }
    }

    @Override
    public CompletionStage<Void> write(List<OutboundPayload> batch) {
      for (OutboundPayload payload : batch) {
        for (String message : payload.text().split("\u001e")) {
          synchronized (received) {
            received.add(message);
          }
          if (message.startsWith("{\"type\":3,\"invocationId\":\"probe-b\"")) {
            outcome.complete("answered");
          }
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(Throwable error) {
      outcome.complete("closed");
      connection.transportClosed(error); // the transport's end follows its close at once here
    }
  }

  // ---- inputs

  private static ByteBuffer probe(String id) {
    return ByteBuffer.wrap(("{\"type\":1,\"invocationId\":\"" + id
        + "\",\"target\":\"echo\",\"arguments\":[\"" + id + "\"]}\u001e").getBytes(UTF_8));
  }

  private static boolean endsWithError(String message) {
    return message.startsWith("{\"type\":7,\"error\":") || message.startsWith("{\"error\":");
  }

  /** Whether a record of {@code body} is a Close from the client, which ends it without error. */
  private static boolean containsClientClose(byte[] body) {
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == RS) {
        List<HubMessage> out = new ArrayList<>();
        try {
          PROTOCOL.parseMessages(ByteBuffer.wrap(body, start, i + 1 - start).slice(),
              MessageLimits.of(0), out);
        } catch (Exception invalid) {
          // not a Close
        }
        if (out.stream().anyMatch(m -> m instanceof CloseMessage)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static final String STRUCTURE = "{}[]\":,1\u001e\\";

  private static Arbitrary<byte[]> mutated(Arbitrary<byte[]> base) {
    return Combinators.combine(base, Arbitraries.randoms(), Arbitraries.integers().between(1, 6))
        .as((bytes, random, edits) -> {
          byte[] result = bytes;
          for (int i = 0; i < edits; i++) {
            int at = random.nextInt(result.length + 1);
            int removed = random.nextBoolean() && at < result.length ? 1 : 0;
            byte[] inserted = {(byte) STRUCTURE.charAt(random.nextInt(STRUCTURE.length()))};
            if (random.nextInt(4) == 0) {
              inserted = new byte[] {(byte) random.nextInt(256)};
            }
            result = splice(result, at, removed, inserted);
          }
          return result;
        });
  }

  private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.write(inserted, 0, inserted.length);
    out.write(bytes, at + removed, bytes.length - at - removed);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    return splice(first, first.length, 0, second);
  }
}
