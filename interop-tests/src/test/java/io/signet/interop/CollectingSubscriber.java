package io.signet.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an upload stream the way a careful hub method does: one item at a time, asking for the next
 * only after taking the previous, so that Signet's bounded upload buffer (and its pausing of the
 * connection when full) is exercised. {@link #items()} completes with every item in arrival order,
 * or fails with the stream's error.
 *
 * @param <T> the item type
 */
final class CollectingSubscriber<T> implements Flow.Subscriber<T> {
  // Signals arrive one at a time (Reactive Streams rule 1.3), so the list needs no lock.
  private final List<T> received = new ArrayList<>();
  private final CompletableFuture<List<T>> items = new CompletableFuture<>();
  private Flow.Subscription subscription;

  /** Subscribes to {@code upload} and returns what it will have delivered. */
  static <T> CompletionStage<List<T>> collect(Flow.Publisher<T> upload) {
    CollectingSubscriber<T> subscriber = new CollectingSubscriber<>();
    upload.subscribe(subscriber);
    return subscriber.items();
  }

  /** Every item once the stream completed, or the stream's error. */
  CompletionStage<List<T>> items() {
    return items;
  }

  /**
   * The items received so far, for reporting how far a failed stream got. Read it once
   * {@link #items()} has completed, which makes the list visible to the reading thread.
   */
  List<T> receivedSoFar() {
    return Collections.unmodifiableList(new ArrayList<>(received));
  }

  @Override
  public void onSubscribe(Flow.Subscription value) {
    subscription = value;
    value.request(1);
  }

  @Override
  public void onNext(T item) {
    received.add(item);
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    items.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    items.complete(receivedSoFar());
  }
}
