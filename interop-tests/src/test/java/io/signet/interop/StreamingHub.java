package io.signet.interop;

import io.signet.hub.ClientProxy;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Streaming both ways, for the streaming scenarios of {@code js/scenarios.mjs}: methods returning
 * a {@code Flow.Publisher}, a {@code Stream} or an {@code Iterator} stream their items to the
 * caller; methods taking a {@code Flow.Publisher} read a stream the caller uploads.
 *
 * <p>Producers that only end when cancelled tell every client of the hub
 * {@code ProducerStopped(key)} when they stop, so that a scenario can await the server's reaction
 * to a cancel or a disconnect instead of sleeping. Every client, not just the caller: the caller
 * may be the connection that went away. They also complete {@link #whenProducerStopped}.
 */
@HubEndpoint("/streaming")
public class StreamingHub extends Hub {
  /** The end of each producer of {@link #endless} and {@link #endlessStream}, by key. */
  private static final ConcurrentMap<String, CompletableFuture<String>> STOPPED =
      new ConcurrentHashMap<>();

  /** 0 to {@code count - 1}, from a publisher that produces only what is requested. */
  public Flow.Publisher<Integer> counter(int count) {
    return CountingPublisher.upTo(count);
  }

  /**
   * As {@link #counter}, and before completing tells the caller {@code LargestDemand(n)}: the most
   * items Signet ever had requested and not yet received.
   */
  public Flow.Publisher<Integer> counterReportingDemand(int count) {
    ClientProxy caller = clients().caller();
    return new CountingPublisher(count, null, () -> {},
        largest -> caller.send("LargestDemand", largest));
  }

  /** 0 to {@code count - 1}, as a {@code Stream}. */
  public Stream<Integer> counterStream(int count) {
    return IntStream.range(0, count).boxed();
  }

  /** 0 to {@code count - 1}, as an {@code Iterator}. */
  public Iterator<Integer> counterIterator(int count) {
    return IntStream.range(0, count).iterator();
  }

  /** Counts until the subscription is cancelled. */
  public Flow.Publisher<Integer> endless(String key) {
    return new CountingPublisher(
        CountingPublisher.ENDLESS, null, producerStopped(key), largest -> {});
  }

  /** Counts until the stream is closed, which Signet does when the stream is cancelled. */
  public Stream<Integer> endlessStream(String key) {
    return Stream.iterate(0, i -> i + 1).onClose(producerStopped(key));
  }

  /**
   * Answers {@code "stopped"} once the producer of {@code key} has stopped. A server that never
   * stops it gets {@code "still running"} after 5 s, so that the scenario fails instead of hanging.
   */
  public CompletionStage<String> whenProducerStopped(String key) {
    return stopped(key).copy().completeOnTimeout("still running", 5, TimeUnit.SECONDS);
  }

  /** 0 to {@code count - 1}, then fails with a {@link HubException}, whose text clients see. */
  public Flow.Publisher<Integer> failingCounter(int count, String message) {
    return new CountingPublisher(count, new HubException(message), () -> {}, largest -> {});
  }

  /** 0 to {@code count - 1}, then the iteration throws an exception clients must not see. */
  public Stream<Integer> failingStream(int count) {
    return Stream.iterate(0, i -> i + 1).map(i -> {
      if (i == count) {
        throw new IllegalStateException("secret");
      }
      return i;
    });
  }

  /** Fails before any stream exists. */
  public Stream<Integer> throwBeforeStreaming(String message) {
    throw new HubException(message);
  }

  /** A streaming method that returns no stream at all. */
  public Flow.Publisher<Integer> nothing() {
    return null;
  }

  /** A plain method, for streaming it by mistake. */
  public String echo(String message) {
    return message;
  }

  /** Every uploaded item, in order, once the client completes the upload. */
  public CompletionStage<List<String>> collect(Flow.Publisher<String> items) {
    return CollectingSubscriber.collect(items);
  }

  /** The sum of the uploaded numbers. */
  public CompletionStage<Integer> sum(Flow.Publisher<Integer> numbers) {
    return CollectingSubscriber.collect(numbers)
        .thenApply(all -> all.stream().mapToInt(Integer::intValue).sum());
  }

  /**
   * What the hub saw of an upload, for asserting what reaches a hub when the client fails its
   * stream: {@code "a,b; completed"} or {@code "a; failed: <exception class>: <message>"}.
   */
  public CompletionStage<String> describeUpload(Flow.Publisher<String> items) {
    CollectingSubscriber<String> subscriber = new CollectingSubscriber<>();
    items.subscribe(subscriber);
    return subscriber.items().handle((all, failure) -> {
      String received = String.join(",", subscriber.receivedSoFar());
      if (failure == null) {
        return received + "; completed";
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      return received + "; failed: " + cause.getClass().getName() + ": " + cause.getMessage();
    });
  }

  /** Streams the caller's upload straight back: both directions in one call. */
  public Flow.Publisher<String> echoUpload(Flow.Publisher<String> items) {
    return items;
  }

  private Runnable producerStopped(String key) {
    // Kept now: the hub instance serves this call only, the producer outlives it.
    ClientProxy everyone = clients().all();
    return () -> {
      stopped(key).complete("stopped");
      everyone.send("ProducerStopped", key);
    };
  }

  private static CompletableFuture<String> stopped(String key) {
    return STOPPED.computeIfAbsent(key, ignored -> new CompletableFuture<>());
  }
}
