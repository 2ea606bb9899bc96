package io.signet.bench.jmh;

import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A transport sink that writes nowhere: it counts what a connection sends, and completes every
 * write at once, as a socket with room in its buffer would. Like the WebSocket transport, it
 * takes each payload's text (decoded once per shared payload).
 */
public final class MemorySink implements TransportSink {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private volatile long payloads;
  private volatile long characters;

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    long chars = 0;
    for (OutboundPayload payload : batch) {
      chars += payload.text().length();
    }
    // One connection writes one batch at a time, so plain read-modify-write is safe here.
    characters += chars;
    payloads += batch.size();
    return DONE;
  }

  @Override
  public void close(Throwable error) {}

  /** Payloads written so far. */
  public long payloads() {
    return payloads;
  }

  /** Characters written so far. */
  public long characters() {
    return characters;
  }

  /**
   * Waits until {@code target} payloads have been written.
   *
   * @throws IllegalStateException after {@code seconds} without getting there
   */
  public void await(long target, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (payloads < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Only " + payloads + " of " + target + " payloads");
      }
      LockSupport.parkNanos(1_000);
    }
  }
}
