package io.signet.client;

import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.StreamItemMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Client-to-server streams: a call's arguments that are {@link Flow.Publisher}s become stream ids
 * in the invocation, and each publisher's items are then sent as {@code StreamItem}s under its id,
 * one at a time (the next is requested once the previous was sent), ended by a {@code Completion}.
 *
 * <p>Each publisher is subscribed to during the call, as the official clients subscribe, so that
 * items a hot publisher (a {@link java.util.concurrent.SubmissionPublisher}) publishes right after
 * the call are not lost; none is requested, and no end is sent, before the invocation was sent.
 */
final class Uploads {

  /**
   * A call's arguments with the publishers taken out.
   *
   * @param arguments what goes in the invocation's {@code arguments}
   * @param streamIds one id per publisher, in the order the publishers were given
   * @param publishers the publishers
   */
  record Split(List<Object> arguments, List<String> streamIds, List<Flow.Publisher<?>> publishers) {
    /**
     * Subscribes to every publisher; call it during the call, once the invocation was handed to
     * the connection.
     *
     * @param invocationSent completes once the invocation was sent; items and ends are sent only
     *     after it, and not at all when it fails
     */
    void start(Function<HubMessage, CompletionStage<Void>> sender,
        CompletionStage<Void> invocationSent) {
      for (int i = 0; i < publishers.size(); i++) {
        publishers.get(i).subscribe(new Pump(streamIds.get(i), sender, invocationSent));
      }
    }
  }

  private Uploads() {}

  /**
   * Takes the publishers out of {@code arguments}, giving each an id from {@code ids} in order,
   * before the invocation's own id is drawn (as the JavaScript client does).
   */
  static Split split(Object[] arguments, Supplier<String> ids) {
    List<Object> plain = new ArrayList<>(arguments.length);
    List<String> streamIds = new ArrayList<>();
    List<Flow.Publisher<?>> publishers = new ArrayList<>();
    for (Object argument : arguments) {
      if (argument instanceof Flow.Publisher<?> publisher) {
        publishers.add(publisher);
        streamIds.add(ids.get());
      } else {
        plain.add(argument);
      }
    }
    return new Split(plain, List.copyOf(streamIds), List.copyOf(publishers));
  }

  /** Sends one publisher's items, asking for the next only once the previous one was sent. */
  private static final class Pump implements Flow.Subscriber<Object> {
    private final String streamId;
    private final Function<HubMessage, CompletionStage<Void>> sender;
    private final CompletionStage<Void> invocationSent;
    private volatile Flow.Subscription subscription;

    Pump(String streamId, Function<HubMessage, CompletionStage<Void>> sender,
        CompletionStage<Void> invocationSent) {
      this.streamId = streamId;
      this.sender = sender;
      this.invocationSent = invocationSent;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      // A stream item must not overtake the invocation that announces its stream id.
      invocationSent.whenComplete((ok, error) -> {
        if (error == null) {
          subscription.request(1);
        } else {
          subscription.cancel(); // the server never heard of this stream
        }
      });
    }

    @Override
    public void onNext(Object item) {
      sender.apply(new StreamItemMessage(streamId, item, Map.of()))
          .whenComplete((ok, error) -> {
            if (error == null) {
              subscription.request(1);
            } else {
              subscription.cancel(); // the connection is gone; the server ends the call
            }
          });
    }

    @Override
    public void onError(Throwable error) {
      String text = error.getMessage() != null ? error.getMessage() : error.toString();
      // An end may come without any request, so before the invocation was sent.
      invocationSent.thenRun(() -> sender.apply(CompletionMessage.withError(streamId, text)));
    }

    @Override
    public void onComplete() {
      invocationSent.thenRun(() -> sender.apply(CompletionMessage.empty(streamId)));
    }
  }
}
