package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bookkeeping of one connection's streams, uploads and awaited client results. */
class OpenCallsTest {

  @Test
  void pendingResultsAreCountedAndBoundedAndTheCountFollowsEveryWayOut() {
    OpenCalls calls = new OpenCalls();
    CompletableFuture<Object> answered = new CompletableFuture<>();
    assertThat(calls.expectResult("1", new PendingResult(String.class, answered), 2)).isTrue();
    assertThat(calls.expectResult("2", new PendingResult(String.class, new CompletableFuture<>()),
        2)).isTrue();
    assertThat(calls.expectResult("3", new PendingResult(String.class, new CompletableFuture<>()),
        2)).as("over the limit").isFalse();
    assertThat(calls.pendingResults()).isEqualTo(2);
    assertThat(calls.takeResult("3")).as("the refused one was never registered").isNull();
    assertThat(calls.takeResult("1")).isNotNull();
    assertThat(calls.takeResult("1")).as("taken once").isNull();
    assertThat(calls.pendingResults()).isEqualTo(1);
    calls.failPendingResults("c");
    assertThat(calls.pendingResults()).isZero();
    assertThat(calls.expectResult("4", new PendingResult(String.class, new CompletableFuture<>()),
        1)).isTrue();
  }

  @Test
  void uploadsCountAsOpenStreamsUntilRemoved() {
    OpenCalls calls = new OpenCalls();
    calls.addUpload(new UploadStream("s", Integer.class, 10, Runnable::run));
    calls.addUpload(new UploadStream("t", Integer.class, 10, Runnable::run));
    assertThat(calls.openStreams()).isEqualTo(2);
    calls.removeUpload("s");
    assertThat(calls.openStreams()).isEqualTo(1);
  }

  @Test
  void anUploadRegisteredAfterTheEndIsAbandonedAtOnce() throws Exception {
    OpenCalls calls = new OpenCalls();
    calls.endAll("c");
    UploadStream late = new UploadStream("s", Integer.class, 10, Runnable::run);
    calls.addUpload(late);
    assertThat(calls.openStreams()).isZero();
    assertThat(calls.upload("s")).isNull();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    late.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(1);
      }

      @Override
      public void onNext(Object item) {}

      @Override
      public void onError(Throwable error) {
        ended.complete(error);
      }

      @Override
      public void onComplete() {
        ended.complete(null);
      }
    });
    assertThat(ended.get(5, TimeUnit.SECONDS)).hasMessageContaining("The connection ended");
  }
}
