package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hub's methods called through a Java interface ({@link HubConnection#proxy}). */
class HubProxyTest {
  private static final long TIMEOUT_SECONDS = 20;

  /** The server's side. */
  @HubEndpoint("/typed")
  public static class TypedHub extends Hub {
    public record Point(int x, int y) {}

    public Point mirror(Point point) {
      return new Point(point.y(), point.x());
    }

    public CompletionStage<Void> shout(String text) {
      return clients().caller().send("Heard", text);
    }

    public Flow.Publisher<Integer> count(int to) {
      // Items are produced once the stream is subscribed to: a SubmissionPublisher drops what
      // it is given before it has a subscriber.
      return subscriber -> {
        SubmissionPublisher<Integer> items = new SubmissionPublisher<>();
        items.subscribe(subscriber);
        for (int i = 1; i <= to; i++) {
          items.submit(i);
        }
        items.close();
      };
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
  }

  /** The client's view of {@link TypedHub}. */
  interface TypedHubApi {
    CompletableFuture<TypedHub.Point> mirror(TypedHub.Point point);

    void shout(String text);

    CompletionStage<Void> Shout(String text);

    Flow.Publisher<Integer> count(int to);

    CompletionStage<Integer> sum(Flow.Publisher<Integer> numbers);

    default CompletionStage<TypedHub.Point> mirrorTwice(TypedHub.Point point) {
      return mirror(point).thenCompose(this::mirror);
    }
  }

  private SignetServer server;
  private HubConnection connection;

  @BeforeEach
  void start() throws Exception {
    server = SignetServer.builder().host("127.0.0.1").port(0)
        .signet(Signet.builder().hub(TypedHub.class).build()).start();
    connection = HubConnectionBuilder.create("http://127.0.0.1:" + server.port() + "/typed")
        .build();
    connection.start().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void invokesSendsAndStreamsByReturnType() throws Exception {
    TypedHubApi hub = connection.proxy(TypedHubApi.class);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    connection.on("Heard", heard::add, String.class);

    assertThat(hub.mirror(new TypedHub.Point(1, 2)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new TypedHub.Point(2, 1));
    assertThat(hub.mirrorTwice(new TypedHub.Point(1, 2)).toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new TypedHub.Point(1, 2));

    hub.shout("sent");
    assertThat(heard.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("sent");
    hub.Shout("invoked").toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(heard.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("invoked");

    RecordingSubscriber<Integer> counted = new RecordingSubscriber<>(Long.MAX_VALUE);
    hub.count(5).subscribe(counted);
    assertThat(counted.end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(counted.items).containsExactly(1, 2, 3, 4, 5);

    SubmissionPublisher<Integer> numbers = new SubmissionPublisher<>();
    CompletionStage<Integer> sum = hub.sum(numbers);
    for (int i = 1; i <= 10; i++) {
      numbers.submit(i);
    }
    numbers.close();
    assertThat(sum.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(55);
  }

  /** Not a hub interface: a method that would have to block. */
  interface Blocking {
    String echo(String text);
  }

  @Test
  void aMethodThatWouldBlockIsRefusedByName() {
    assertThatThrownBy(() -> connection.proxy(Blocking.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Blocking.echo returns java.lang.String");
    assertThatThrownBy(() -> connection.proxy(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an interface");
  }
}
