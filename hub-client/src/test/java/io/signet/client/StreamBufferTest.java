package io.signet.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's subscriber that stops requesting: the items it has not asked for wait in a bounded
 * buffer, and past the bound the stream ends with an error instead of growing without limit.
 * One that requested everything up front is never cut off, however the items queue.
 */
class StreamBufferTest {
  private static final long TIMEOUT_SECONDS = 20;

  private SignetServer server;
  private HubConnection connection;

  @BeforeEach
  void start() throws Exception {
    server = SignetServer.builder().host("127.0.0.1").port(0)
        .signet(Signet.builder().hub(HubProxyTest.TypedHub.class).build()).start();
    connection = HubConnectionBuilder.create("http://127.0.0.1:" + server.port() + "/typed")
        .withStreamBufferCapacity(10)
        .build();
    connection.start().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    connection.stop().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void aSubscriberThatStopsRequestingGetsAnErrorOnceTheBufferIsFull() throws Exception {
    RecordingSubscriber<Integer> recorder = new RecordingSubscriber<>(1);

    connection.stream(Integer.class, "Count", 100).subscribe(recorder);

    assertThat(recorder.end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(HubException.class)
        .hasMessage("The subscriber fell 10 items behind the stream; the stream was cancelled.");
    assertThat(recorder.items).containsExactly(1);
    // The connection goes on.
    assertThat(connection.state()).isEqualTo(HubConnectionState.CONNECTED);
  }

  @Test
  void aSubscriberThatRequestedEverythingGetsEveryItem() throws Exception {
    RecordingSubscriber<Integer> recorder = new RecordingSubscriber<>(Long.MAX_VALUE);

    connection.stream(Integer.class, "Count", 1000).subscribe(recorder);

    assertThat(recorder.end.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(recorder.items).hasSize(1000).startsWith(1, 2, 3).endsWith(999, 1000);
  }
}
