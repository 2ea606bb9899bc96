package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubException;
import io.signet.hub.NonBlocking;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A hub with one method of each kind the dispatcher handles (plain, non-blocking, failing,
 * streaming, endless streaming, uploading, awaiting a client result, joining a group), and the
 * messages a client may send it, for the inbound fuzzer. No method blocks a thread or waits for
 * anything but its caller, so a connection fed garbage either answers or closes.
 */
public class FuzzHub extends Hub {

  public String echo(String value) {
    return value;
  }

  @NonBlocking
  public int length(String value) {
    return value.length(); // null: a NullPointerException, answered as an error
  }

  public TestHubs.Point move(TestHubs.Point point, int by) {
    return new TestHubs.Point(point.x() + by, point.y() + by);
  }

  public void fail() {
    throw new HubException("failed on purpose");
  }

  public Stream<Integer> counter(int count) {
    return IntStream.range(0, Math.max(0, Math.min(count, 3))).boxed();
  }

  /** Never sends an item nor ends: open until the client cancels it or goes. */
  public Flow.Publisher<Integer> endless() {
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
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
        sum += item == null ? 0 : item;
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

  public CompletionStage<String> ask() {
    return clients().caller().invoke("Answer", String.class);
  }

  public CompletionStage<Void> join(String group) {
    return groups().add(context().connectionId(), group == null ? "null" : group);
  }

  // ---- what clients send it

  private static final List<String> VALUES = List.of("\"x\"", "\"\"", "1", "-7", "2147483648",
      "1e400", "null", "true", "[]", "{}", "[1,2]", "{\"x\":1,\"y\":2}",
      "\"" + "a".repeat(40) + "\"", "{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}");

  private static Arbitrary<String> ids() {
    return Arbitraries.of("1", "2", "3", "s", "t");
  }

  private static Arbitrary<String> arguments() {
    return Arbitraries.of(VALUES).list().ofMaxSize(4).map(v -> "[" + String.join(",", v) + "]");
  }

  private static Arbitrary<String> streamIds() {
    return Arbitraries.of("", ",\"streamIds\":[]", ",\"streamIds\":[\"s\"]",
        ",\"streamIds\":[\"t\"]", ",\"streamIds\":[\"s\",\"t\"]");
  }

  private static Arbitrary<String> invocations() {
    Arbitrary<String> targets = Arbitraries.of("echo", "Echo", "length", "move", "fail",
        "counter", "endless", "sum", "ask", "join", "nope");
    return Combinators.combine(Arbitraries.of(1, 4), ids().optional(), targets, arguments(),
            streamIds())
        .as((type, id, target, arguments, streams) -> "{\"type\":" + type
            + id.map(i -> ",\"invocationId\":\"" + i + "\"").orElse("") + ",\"target\":\""
            + target + "\",\"arguments\":" + arguments + streams + "}");
  }

  /**
   * One well-formed message of any type, most of them about this hub's methods and streams; a
   * Close from the client is rare, as it ends the connection.
   */
  static Arbitrary<String> messages() {
    Arbitrary<String> value = Arbitraries.of(VALUES);
    return Arbitraries.frequencyOf(
        Tuple.of(60, invocations()),
        Tuple.of(30, Combinators.combine(ids(), value)
            .as((id, item) -> "{\"type\":2,\"invocationId\":\"" + id + "\",\"item\":" + item
                + "}")),
        Tuple.of(20, Combinators.combine(ids(), value, Arbitraries.of(true, false))
            .as((id, result, error) -> "{\"type\":3,\"invocationId\":\"" + id + "\","
                + (error ? "\"error\":\"e\"" : "\"result\":" + result) + "}")),
        Tuple.of(10, ids().map(id -> "{\"type\":5,\"invocationId\":\"" + id + "\"}")),
        Tuple.of(10, Arbitraries.of("{\"type\":6}", "{\"type\":8,\"sequenceId\":1}",
            "{\"type\":9,\"sequenceId\":2}", "{\"type\":99}")),
        Tuple.of(1, Arbitraries.just("{\"type\":7}")),
        // Over the fuzzer's limits of 8 levels and 4 arguments.
        Tuple.of(1, Arbitraries.of(
            "{\"type\":1,\"target\":\"echo\",\"arguments\":[[[[[[[[[[]]]]]]]]]]}",
            "{\"type\":1,\"target\":\"echo\",\"arguments\":[1,2,3,4,5]}")));
  }
}
