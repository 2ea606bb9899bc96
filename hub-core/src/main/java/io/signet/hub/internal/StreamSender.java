package io.signet.hub.internal;

import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.StreamItemMessage;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what a streaming hub method publishes to its caller: one {@code StreamItem} per item, then
 * one {@code Completion}. It requests one item at a time, and only while the connection's outbound
 * queue has room, so a slow client slows the producer instead of filling memory.
 * {@link #cancel()} (the client's {@code CancelInvocation}, or the connection's end) stops the
 * producer.
 */
final class StreamSender implements Flow.Subscriber<Object> {
  private static final Logger log = LoggerFactory.getLogger(StreamSender.class);
  static final String STREAMING_FAILED = "An error occurred on the server while streaming results.";

  private final HubConnectionContext connection;
  private final String invocationId;
  private final boolean detailedErrors;
  private volatile InvocationObservation observation = InvocationObservation.NONE;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  StreamSender(HubConnectionContext connection, String invocationId, boolean detailedErrors) {
    this.connection = connection;
    this.invocationId = invocationId;
    this.detailedErrors = detailedErrors;
  }

  /** Who learns how the stream ends; set before the producer starts. */
  void observedBy(InvocationObservation value) {
    observation = value;
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
  public void onNext(Object item) {
    if (finished.get()) {
      return;
    }
    try {
      connection.writeNow(new StreamItemMessage(invocationId, item, Map.of()));
    } catch (RuntimeException e) {
      subscription.cancel(); // the item cannot be serialised: end the stream with an error
      onError(e);
      return;
    }
    if (connection.isWritable()) {
      subscription.request(1);
    } else {
      connection.whenWritable(() -> {
        if (!finished.get()) {
          subscription.request(1);
        }
      });
    }
  }

  @Override
  public void onError(Throwable error) {
    if (finished.compareAndSet(false, true)) {
      log.debug("Stream {} failed", invocationId, error);
      connection.openCalls().streamEnded(invocationId);
      observation.ended(InvocationOutcome.ERROR, error);
      connection.writeNow(CompletionMessage.withError(invocationId,
          ErrorMessages.withDetail(STREAMING_FAILED, error, detailedErrors)));
    }
  }

  @Override
  public void onComplete() {
    if (finished.compareAndSet(false, true)) {
      connection.openCalls().streamEnded(invocationId);
      observation.ended(InvocationOutcome.SUCCESS, null);
      connection.writeNow(CompletionMessage.empty(invocationId));
    }
  }

  /** Stops the producer; the client gets a plain Completion, as ASP.NET Core sends. */
  void cancel() {
    cancelled = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    onComplete();
  }
}
