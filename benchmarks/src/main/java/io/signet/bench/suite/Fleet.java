package io.signet.bench.suite;

import io.signet.bench.client.ClientListener;
import io.signet.bench.client.EventLoop;
import io.signet.bench.client.Messages;
import io.signet.bench.client.Protocol;
import io.signet.bench.client.SignalRClient;
import io.signet.bench.client.Target;
import io.signet.bench.client.Transport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The simulated clients of one run, all on one {@link EventLoop}, and the {@link Tally} of what
 * they sent and received. The suite's thread drives it through {@link #onLoop}; records are
 * classified here and handed to the current {@link Workload}.
 *
 * <p>With several targets (the nodes of a cluster), client {@code i} connects to node
 * {@code (i + i / 10) mod nodes}: consecutive clients alternate, and so do clients ten apart. The
 * fan-out scenarios put client {@code i} in group {@code i mod 10} or {@code i / 10}, so every
 * group of either shape has its members on every node, as do the first few clients that send.
 */
final class Fleet implements ClientListener, AutoCloseable {
  /** What a scenario does with what arrives; called on the loop thread. */
  interface Workload {
    /** A server-to-client invocation carrying a stamp (a broadcast or group message). */
    default void onDelivery(SignalRClient client, long stamp, long nowMicros) {}

    /** A completion carrying a stamp (an echo). */
    default void onEchoed(SignalRClient client, long stamp, long nowMicros) {}

    /** A completion without result stamp (Join, Leave). */
    default void onAck(SignalRClient client) {}
  }

  private final EventLoop loop = new EventLoop("bench-generator");
  private final Transport transport;
  private final Protocol protocol;
  private final List<Target> targets;
  private final Tally tally = new Tally();
  // Loop thread only.
  private final List<SignalRClient> clients = new ArrayList<>();
  private Workload workload = new Workload() {};
  private CompletableFuture<Void> connected;
  private int wanted;
  private int toStart;
  private int connecting;
  private int concurrency;
  private int ready;

  /**
   * Clients of {@code targets} speaking {@code protocol}, spread over the targets as the class
   * comment says.
   */
  Fleet(Transport transport, Protocol protocol, List<Target> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("No target");
    }
    this.transport = transport;
    this.protocol = protocol;
    this.targets = List.copyOf(targets);
  }

  /** The node client {@code index} connects to, from 0. */
  static int nodeOf(int index, int nodes) {
    return (index + index / 10) % nodes;
  }

  Transport transport() {
    return transport;
  }

  /** The hub protocol every client speaks. */
  Protocol protocol() {
    return protocol;
  }

  /** The tally; loop thread only. */
  Tally tally() {
    return tally;
  }

  /** The clients, in creation order; loop thread only. */
  List<SignalRClient> clients() {
    return clients;
  }

  EventLoop loop() {
    return loop;
  }

  /** Runs {@code task} on the loop and waits up to a minute for its result. */
  <T> T onLoop(Supplier<T> task) {
    return await(loop.call(task), Duration.ofMinutes(1));
  }

  /** Sets the workload; loop thread only. */
  void workload(Workload value) {
    this.workload = value;
  }

  /**
   * Adds {@code count} clients and waits until all completed their handshake, at most
   * {@code concurrency} at a time connecting.
   *
   * @return how long it took, in nanoseconds
   * @throws IllegalStateException if a client fails or {@code timeout} passes
   */
  long connect(int count, int concurrency, Duration timeout) {
    long started = System.nanoTime();
    CompletableFuture<Void> done = onLoop(() -> {
      this.connected = new CompletableFuture<>();
      this.wanted = ready + count;
      this.toStart = count;
      this.concurrency = concurrency;
      startMore();
      return connected;
    });
    await(done, timeout);
    return System.nanoTime() - started;
  }

  private void startMore() {
    while (connecting < concurrency && toStart > 0) {
      int index = clients.size();
      Target target = targets.get(nodeOf(index, targets.size()));
      SignalRClient client = SignalRClient.create(transport, protocol, loop, target, this,
          index);
      clients.add(client);
      toStart--;
      connecting++;
      client.start();
    }
  }

  @Override
  public void onReady(SignalRClient client) {
    connecting--;
    ready++;
    if (ready == wanted && connected != null) {
      connected.complete(null);
    } else {
      startMore();
    }
  }

  @Override
  public void onFailed(SignalRClient client, String reason) {
    String what = "client " + client.index() + " (" + transport.label() + "): " + reason;
    tally.error(what);
    if (connected != null && !connected.isDone()) {
      connected.completeExceptionally(new IllegalStateException(what));
    }
  }

  @Override
  public void onRecord(SignalRClient client, ByteBuffer data, int start, int end) {
    int type = protocol.type(data, start, end);
    if (type == Messages.PING) {
      return;
    }
    long now = Messages.nowMicros();
    if (type == Messages.INVOCATION || type == Messages.COMPLETION) {
      long stamp = protocol.stamp(data, start, end);
      if (stamp >= 0) {
        if (type == Messages.INVOCATION) {
          workload.onDelivery(client, stamp, now);
        } else {
          workload.onEchoed(client, stamp, now);
        }
        return;
      }
      if (type == Messages.COMPLETION && !protocol.hasError(data, start, end)) {
        workload.onAck(client);
        return;
      }
    }
    tally.error("unexpected message: " + protocol.text(data, start, Math.min(end, start + 200)));
  }

  /**
   * Waits until everything owed has arrived, or {@code timeout} has passed.
   *
   * @return whether it all arrived
   */
  boolean awaitSettled(Duration timeout) {
    return awaitSettled(timeout, true);
  }

  /**
   * Waits until every delivery (and, with {@code acksToo}, every group ack) owed has arrived, or
   * {@code timeout} has passed.
   *
   * @return whether it all arrived
   */
  boolean awaitSettled(Duration timeout, boolean acksToo) {
    Supplier<Boolean> settled = acksToo ? tally::settled : tally::deliveriesSettled;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (onLoop(settled)) {
        return true;
      }
      sleep(5);
    }
    return onLoop(settled);
  }

  /** Resets every client's sockets and stops the loop. */
  @Override
  public void close() {
    try {
      onLoop(() -> {
        clients.forEach(SignalRClient::close);
        return null;
      });
    } finally {
      loop.close();
    }
  }

  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted");
    }
  }
}
