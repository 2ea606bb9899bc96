package io.signet.redis.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests this node sent to connections on other nodes (group changes, client results), waiting
 * for their answers on the node's reply channel. Each fails with a {@link TimeoutException} if no
 * answer comes in time. Thread-safe.
 */
final class RemoteRequests {
  private final AtomicLong nextId = new AtomicLong();
  private final Map<Long, CompletableFuture<Envelope>> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  RemoteRequests(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  long nextId() {
    return nextId.incrementAndGet();
  }

  /** Awaits the answer to request {@code id}; {@code timeoutText} describes a timeout. */
  CompletableFuture<Envelope> await(long id, Duration timeout, String timeoutText) {
    CompletableFuture<Envelope> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    scheduler.schedule(() -> answer.completeExceptionally(new TimeoutException(timeoutText)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    answer.whenComplete((value, failure) -> waiting.remove(id));
    return answer;
  }

  /** Request {@code id} will not be answered (nobody received it); completes it with {@code null}. */
  void unanswered(long id) {
    CompletableFuture<Envelope> answer = waiting.remove(id);
    if (answer != null) {
      answer.complete(null);
    }
  }

  /** Request {@code id} could not be sent. */
  void failed(long id, Throwable failure) {
    CompletableFuture<Envelope> answer = waiting.remove(id);
    if (answer != null) {
      answer.completeExceptionally(failure);
    }
  }

  /** An answer arrived; unknown or late ones are dropped. */
  void answered(Envelope envelope) {
    CompletableFuture<Envelope> answer = waiting.remove(envelope.requestId());
    if (answer != null) {
      answer.complete(envelope);
    }
  }
}
