package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.HubOptions;
import io.signet.protocol.JsonHubProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hub factory that hands out one instance twice makes the call fail, naming the fix. */
class SharedHubInstanceTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSingletonServesOneCallAndEveryLaterCallFailsNamingTheHubAndTheFix() throws Exception {
    TestHubs.EchoHub singleton = new TestHubs.EchoHub();
    HubEndpointRuntime<TestHubs.EchoHub> runtime = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, () -> singleton,
        HubOptions.builder().enableDetailedErrors(true).build(), new JsonHubProtocol(), executor);
    PrintStream original = System.err; // where slf4j-simple writes, looked up per line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // onConnected took the instance; each call after it gets it again and is refused.
      TestClient client = TestClient.handshaken(runtime, timer);
      for (int i = 1; i <= 3; i++) {
        client.send("{\"type\":1,\"invocationId\":\"" + i
            + "\",\"target\":\"echo\",\"arguments\":[\"hi\"]}");
        assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"" + i
            + "\",\"error\":\"An unexpected error occurred invoking 'echo' on the server. "
            + "IllegalStateException: " + HubActivator.sharedInstance(TestHubs.EchoHub.class)
            + "\"}");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(HubActivator.sharedInstance(TestHubs.EchoHub.class)).isEqualTo(
        "The factory for EchoHub returned an instance already in use (or used before); hubs are "
            + "created per call: return a new instance each time (in Spring: prototype scope)");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .containsOnlyOnce(HubActivator.sharedInstance(TestHubs.EchoHub.class));
  }

  @Test
  void aFactoryOfNewInstancesServesEveryCall() throws Exception {
    HubEndpointRuntime<TestHubs.EchoHub> runtime = new HubEndpointRuntime<>(
        TestHubs.EchoHub.class, TestHubs.EchoHub::new, HubOptions.DEFAULTS,
        new JsonHubProtocol(), executor);
    TestClient client = TestClient.handshaken(runtime, timer);
    for (int i = 1; i <= 3; i++) {
      client.send("{\"type\":1,\"invocationId\":\"" + i
          + "\",\"target\":\"echo\",\"arguments\":[\"hi\"]}");
      assertThat(client.next())
          .isEqualTo("{\"type\":3,\"invocationId\":\"" + i + "\",\"result\":\"hi\"}");
    }
  }
}
