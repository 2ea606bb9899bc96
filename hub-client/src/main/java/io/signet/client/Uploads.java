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
    /** Starts sending every publisher's items; call once the invocation was sent. */
    void start(Function<HubMessage, CompletionStage<Void>> sender) {
      for (int i = 0; i < publishers.size(); i++) {
        publishers.get(i).subscribe(new Pump(streamIds.get(i), sender));
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
    private volatile Flow.Subscription subscription;

    Pump(String streamId, Function<HubMessage, CompletionStage<Void>> sender) {
      this.streamId = streamId;
      this.sender = sender;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
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
      sender.apply(CompletionMessage.withError(streamId, text));
    }

    @Override
    public void onComplete() {
      sender.apply(CompletionMessage.empty(streamId));
    }
  }
}
