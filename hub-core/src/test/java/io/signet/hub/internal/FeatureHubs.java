package io.signet.hub.internal;

import io.signet.hub.Authorize;
import io.signet.hub.Hub;
import io.signet.hub.HubException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Hubs for streaming, client results, filters and authorization tests. */
final class FeatureHubs {
  private FeatureHubs() {}

  /** What the hubs report, in order. */
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

  /** The producers of {@link StreamingHub#endless()}, for tests to watch. */
  static final BlockingQueue<SubmissionPublisher<Integer>> PRODUCERS = new LinkedBlockingQueue<>();

  public static class StreamingHub extends Hub {
    public Stream<Integer> counter(int count) {
      return IntStream.range(0, count).boxed().onClose(() -> EVENTS.add("counter closed"));
    }

    public Iterator<String> letters() {
      return List.of("a", "b", "c").iterator();
    }

    public Flow.Publisher<Integer> endless() {
      SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
      PRODUCERS.add(publisher);
      return publisher;
    }

    public Iterator<Integer> failing() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Integer next() {
          if (next == 2) {
            throw new HubException("no more");
          }
          return next++;
        }
      };
    }

    public Flow.Publisher<String> nothing() {
      return null;
    }

    public CompletionStage<Integer> sum(Flow.Publisher<Integer> numbers) {
      CompletableFuture<Integer> total = new CompletableFuture<>();
      numbers.subscribe(new Flow.Subscriber<>() {
        private int sum;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
          subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer item) {
          sum += item;
        }

        @Override
        public void onError(Throwable error) {
          total.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
          total.complete(sum);
        }
      });
      return total;
    }

    /** Reads an upload one item at a time, each only when the test releases it. */
    public CompletionStage<List<String>> slowCollect(Flow.Publisher<String> items) {
      CompletableFuture<List<String>> all = new CompletableFuture<>();
      items.subscribe(new Flow.Subscriber<>() {
        private final List<String> seen = new ArrayList<>();
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription value) {
          subscription = value;
          GATES.add(() -> subscription.request(1));
        }

        @Override
        public void onNext(String item) {
          seen.add(item);
          GATES.add(() -> subscription.request(1));
        }

        @Override
        public void onError(Throwable error) {
          all.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
          all.complete(seen);
        }
      });
      return all;
    }

    public CompletionStage<String> askCaller(String question) {
      return clients().caller().invoke("Answer", String.class, question);
    }

    /** Counts this connection's calls in its items, which outlive each hub instance. */
    public int count() {
      return (Integer) context().items().merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
    }

    public String echo(String value) {
      return value;
    }

    public CompletionStage<String> later() {
      CompletableFuture<String> future = new CompletableFuture<>();
      TestHubs.PENDING.add(future);
      return future;
    }
  }

  /** Tries a client result where ASP.NET Core refuses one, and reports what happened. */
  public static class LifecycleResultsHub extends Hub {
    @Override
    public void onConnected() {
      clients().caller().invoke("Answer", String.class).whenComplete((value, error) ->
          EVENTS.add(error == null ? "answered" : error.getClass().getSimpleName() + ": "
              + error.getMessage()));
    }
  }

  /** Releases one upload item each, for {@link StreamingHub#slowCollect}. */
  static final BlockingQueue<Runnable> GATES = new LinkedBlockingQueue<>();

  @Authorize
  public static class SecureHub extends Hub {
    public String whoAmI() {
      return context().user().getName() + "/" + context().userIdentifier();
    }

    @Authorize(roles = "admin")
    public String adminOnly() {
      return "granted";
    }
  }
}
