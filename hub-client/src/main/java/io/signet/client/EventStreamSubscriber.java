package io.signet.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of an event stream response: parses it as it arrives and hands each event's data to
 * the receiver; the end of the body ends the transport, cleanly or with the I/O error.
 *
 * <p>{@link #getBody()} is complete from the start, so that the response future completes when
 * the headers arrive: that is when the transport counts as connected. Chunks are requested one
 * at a time, each after the previous one was handed over, so a slow receiver slows the stream
 * down instead of filling memory.
 */
final class EventStreamSubscriber implements HttpResponse.BodySubscriber<Void> {
  private final GuardedReceiver receiver;
  private final EventStreamParser parser;

  private volatile Flow.Subscription subscription; // null until subscribed
  private volatile boolean cancelled;

  /** A subscriber handing events to {@code receiver}. */
  EventStreamSubscriber(GuardedReceiver receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver == null");
    this.parser = new EventStreamParser(receiver::onReceive);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void onSubscribe(Flow.Subscription value) {
    subscription = value;
    if (cancelled) {
      value.cancel();
    } else {
      value.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> chunks) {
    if (cancelled) {
      return;
    }
    for (ByteBuffer chunk : chunks) {
      parser.feed(chunk);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    if (!cancelled) {
      receiver.onClose(error);
    }
  }

  @Override
  public void onComplete() {
    if (!cancelled) {
      receiver.onClose(null); // the server ended the stream: the connection is over
    }
  }

  /**
   * Stops reading and lets the HTTP client close the connection; the receiver hears nothing
   * more from this subscriber.
   */
  void cancel() {
    cancelled = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }
}
