package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.hub.Hub;
import io.signet.hub.HubFilter;
import io.signet.hub.HubOptions;
import io.signet.hub.NonBlocking;
import io.signet.protocol.JsonHubProtocol;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NonBlocking} methods run on the thread that delivered the client's bytes (here the test
 * thread, standing for a transport thread); everything else on the hub executor, in order.
 */
class InlineDispatchTest {
  private static final String EXECUTOR_THREAD = "hub-executor";
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  /** Answers with the name of the thread each call ran on. */
  public static class WhereHub extends Hub {
    @NonBlocking
    public String quick() {
      return Thread.currentThread().getName();
    }

    public String plain() {
      return Thread.currentThread().getName();
    }
  }

  /** Every method declared non-blocking at once. */
  @NonBlocking
  public static class AllQuickHub extends Hub {
    public String quick() {
      return Thread.currentThread().getName();
    }
  }

  @BeforeEach
  void setUp() {
    executor = Executors.newFixedThreadPool(2, task -> new Thread(task, EXECUTOR_THREAD));
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private TestClient client(Class<? extends Hub> hub, HubOptions options) throws Exception {
    return TestClient.handshaken(
        new HubEndpointRuntime<>(hub, null, options, new JsonHubProtocol(), executor), timer);
  }

  /**
   * Waits until the executor's drain that ran the handshake has finished: until then, bytes
   * that arrive join that drain (correctly, to keep order) instead of starting one here. Each
   * probe is answered before the next is sent, and once one ran here the drain is idle again.
   */
  private static void awaitIdleDrain(TestClient client) throws Exception {
    String receiving = Thread.currentThread().getName();
    for (int probe = 0; ; probe++) {
      client.send(invoke("probe" + probe, "quick"));
      if (client.next().equals(result("probe" + probe, receiving))) {
        return;
      }
      assertThat(probe).as("probes before the handshake's drain ends").isLessThan(1000);
    }
  }

  private static String invoke(String id, String target) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":[]}";
  }

  private static String result(String id, String thread) {
    return "{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"" + thread + "\"}";
  }

  @Test
  void aNonBlockingMethodRunsOnTheReceivingThreadAndAPlainOneOnTheExecutor() throws Exception {
    TestClient client = client(WhereHub.class, HubOptions.DEFAULTS);
    String receiving = Thread.currentThread().getName();
    awaitIdleDrain(client);

    client.send(invoke("1", "quick"));
    assertThat(client.next()).isEqualTo(result("1", receiving));
    client.send(invoke("2", "plain"));
    assertThat(client.next()).isEqualTo(result("2", EXECUTOR_THREAD));
  }

  @Test
  void theFirstPlainCallHandsTheRestToTheExecutorInOrder() throws Exception {
    TestClient client = client(WhereHub.class, HubOptions.DEFAULTS);
    String receiving = Thread.currentThread().getName();
    awaitIdleDrain(client);

    client.sendRaw(invoke("1", "quick") + TestClient.RS + invoke("2", "plain") + TestClient.RS
        + invoke("3", "quick") + TestClient.RS);

    assertThat(client.next()).isEqualTo(result("1", receiving));
    assertThat(client.next()).isEqualTo(result("2", EXECUTOR_THREAD));
    assertThat(client.next()).isEqualTo(result("3", EXECUTOR_THREAD));
  }

  @Test
  void theAnnotationOnTheHubClassCoversEveryMethod() throws Exception {
    TestClient client = client(AllQuickHub.class, HubOptions.DEFAULTS);

    awaitIdleDrain(client); // returns once a call of AllQuickHub.quick ran on this thread
  }

  @Test
  void withFiltersEveryCallRunsOnTheExecutor() throws Exception {
    HubFilter passThrough = new HubFilter() {};
    TestClient client = client(WhereHub.class,
        HubOptions.builder().addFilter(passThrough).build());

    client.send(invoke("1", "quick"));
    assertThat(client.next()).isEqualTo(result("1", EXECUTOR_THREAD));
  }
}
