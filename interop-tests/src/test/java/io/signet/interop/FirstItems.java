package io.signet.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Subscribes to a stream and reports its first items while keeping the subscription, as {@code
 * afterItems} in {@code js/scenarios.mjs}: for cancelling a stream that is known to be running.
 * {@link #items()} completes once the first {@code count} items arrived, and fails if the stream
 * ends before.
 *
 * @param <T> the item type
 */
final class FirstItems<T> implements Flow.Subscriber<T> {
  private final int count;
  // Signals arrive one at a time (Reactive Streams rule 1.3), so the list needs no lock.
  private final List<T> received = new ArrayList<>();
  private final CompletableFuture<List<T>> items = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  private FirstItems(int count) {
    this.count = count;
  }

  /** Subscribes to {@code stream}. */
  static <T> FirstItems<T> of(Flow.Publisher<T> stream, int count) {
    FirstItems<T> subscriber = new FirstItems<>(count);
    stream.subscribe(subscriber);
    return subscriber;
  }

  /** The first {@code count} items, once they arrived. */
  CompletableFuture<List<T>> items() {
    return items;
  }

  /** Cancels the subscription; call it once {@link #items()} completed. */
  void cancel() {
    subscription.cancel();
  }

  @Override
  public void onSubscribe(Flow.Subscription value) {
    subscription = value;
    // Unbounded: the items of an endless stream past the first few are dropped here rather than
    // left to fill the client's bounded buffer, which would end the stream by itself.
    value.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(T item) {
    if (received.size() < count) {
      received.add(item);
      if (received.size() == count) {
        items.complete(List.copyOf(received));
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    items.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    items.completeExceptionally(new AssertionError(
        "the stream completed after " + received.size() + " items"));
  }
}
