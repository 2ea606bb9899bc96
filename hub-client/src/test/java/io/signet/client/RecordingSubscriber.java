package io.signet.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * A stream subscriber for tests: requests a given number of items up front and no more, and
 * records the items and how the stream ended ({@code null} for completion, or the error).
 */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  final List<T> items = new CopyOnWriteArrayList<>();
  final CompletableFuture<Throwable> end = new CompletableFuture<>();
  private final long initial;

  RecordingSubscriber(long initial) {
    this.initial = initial;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(initial);
  }

  @Override
  public void onNext(T item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable error) {
    end.complete(error);
  }

  @Override
  public void onComplete() {
    end.complete(null);
  }
}
