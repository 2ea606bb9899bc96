package io.signet.interop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * How a stream ended, as {@code outcomeOf} in {@code js/scenarios.mjs} reports it, so that a test
 * compares items and end in one assertion.
 *
 * @param items the items received, in order
 * @param error the error's message, or {@code null} when the stream completed
 */
record StreamOutcome(List<?> items, String error) {

  /** A stream that completed after {@code items}. */
  static StreamOutcome completed(List<?> items) {
    return new StreamOutcome(items, null);
  }

  /**
   * Subscribes to {@code stream}, asking for one item at a time as a careful application does
   * ({@link CollectingSubscriber}), and completes with how it ended.
   */
  static <T> CompletableFuture<StreamOutcome> of(Flow.Publisher<T> stream) {
    CollectingSubscriber<T> subscriber = new CollectingSubscriber<>();
    stream.subscribe(subscriber);
    return subscriber.items().handle((items, error) -> {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      return new StreamOutcome(subscriber.receivedSoFar(),
          cause == null ? null : cause.getMessage());
    }).toCompletableFuture();
  }
}
