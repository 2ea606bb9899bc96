package io.signet.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters after a session of the official Java client over WebSockets and long polling:
 * connections per transport, calls by outcome, messages and bytes, negotiations, durations.
 */
class SignetMetricsTest {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private Signet signet;
  private SignetServer server;

  /** What the session calls. */
  @HubEndpoint("/metered")
  public static class MeteredHub extends Hub {
    public String echo(String text) {
      return text;
    }

    public int twice(int value) {
      return 2 * value;
    }

    public void fail() {
      throw new HubException("refused");
    }

    public void shout(String text) {
      clients().all().send("Heard", text);
    }
  }

  @BeforeEach
  void start() {
    signet = Signet.builder().hub(MeteredHub.class).observer(new SignetMetrics(registry)).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HubConnection connect(TransportEnum transport) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + server.port() + "/metered")
        .withTransport(transport).build();
    connection.on("Heard", text -> { }, String.class);
    connection.start().blockingAwait();
    return connection;
  }

  private double gauge(String transport) {
    return registry.get(MeterNames.ACTIVE_CONNECTIONS).tag(MeterNames.HUB, "MeteredHub")
        .tag(MeterNames.TRANSPORT, transport).gauge().value();
  }

  private double invocations(String method, String outcome) {
    var counter = registry.find(MeterNames.INVOCATIONS).tag(MeterNames.METHOD, method)
        .tag(MeterNames.OUTCOME, outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aSessionIsMeasured() {
    HubConnection socket = connect(TransportEnum.WEBSOCKETS);
    HubConnection polling = connect(TransportEnum.LONG_POLLING);
    System.gc(); // a gauge whose object only it held would read NaN from now on
    assertThat(gauge("web_sockets")).isEqualTo(1);
    assertThat(gauge("long_polling")).isEqualTo(1);
    assertThat(gauge("server_sent_events")).isZero();
    assertThat(counter(MeterNames.NEGOTIATIONS)).isEqualTo(2);
    assertThat(registry.get(MeterNames.TRANSPORT_REQUESTS).tag(MeterNames.TRANSPORT, "long_polling")
        .counter().count()).isGreaterThanOrEqualTo(1);

    double sentBefore = counter(MeterNames.MESSAGES_SENT);
    assertThat(socket.invoke(String.class, "echo", "hello").blockingGet()).isEqualTo("hello");
    assertThat(polling.invoke(String.class, "echo", "there").blockingGet()).isEqualTo("there");
    assertThatThrownBy(() -> socket.invoke("fail").blockingAwait())
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> socket.invoke("noSuchMethod").blockingAwait())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> socket.invoke(Integer.class, "twice", "not a number").blockingGet())
        .hasMessageContaining("Failed to invoke");
    socket.invoke("shout", "to both").blockingAwait();

    assertThat(invocations("echo", "success")).isEqualTo(2);
    assertThat(invocations("fail", "error")).isEqualTo(1);
    assertThat(invocations("_OTHER", "unknown_method")).isEqualTo(1);
    assertThat(invocations("twice", "binding_failure")).isEqualTo(1);
    assertThat(invocations("shout", "success")).isEqualTo(1);
    Timer echoes = registry.get(MeterNames.INVOCATION_DURATION).tag(MeterNames.METHOD, "echo")
        .tag(MeterNames.OUTCOME, "success").timer();
    assertThat(echoes.count()).isEqualTo(2);
    // Five completions, one per call, and the shout to both clients. Pings may add more.
    assertThat(counter(MeterNames.MESSAGES_SENT) - sentBefore).isGreaterThanOrEqualTo(8);
    assertThat(counter(MeterNames.BYTES_SENT)).isGreaterThan(counter(MeterNames.MESSAGES_SENT));
    assertThat(counter(MeterNames.MESSAGES_RECEIVED)).isGreaterThanOrEqualTo(6);
    assertThat(counter(MeterNames.BYTES_RECEIVED))
        .isGreaterThan(counter(MeterNames.MESSAGES_RECEIVED));

    socket.stop().blockingAwait();
    polling.stop().blockingAwait();
    await(() -> gauge("web_sockets") == 0 && gauge("long_polling") == 0);
    for (String transport : new String[] {"web_sockets", "long_polling"}) {
      Timer durations = registry.get(MeterNames.CONNECTION_DURATION)
          .tag(MeterNames.TRANSPORT, transport).tag(MeterNames.STATUS, "normal_closure").timer();
      assertThat(durations.count()).as(transport).isEqualTo(1);
      assertThat(durations.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }
  }

  @Test
  void connectionsEndedByShutdownAreTaggedSo() {
    connect(TransportEnum.WEBSOCKETS);
    signet.close();
    await(() -> registry.get(MeterNames.CONNECTION_DURATION)
        .tag(MeterNames.TRANSPORT, "web_sockets").tag(MeterNames.STATUS, "app_shutdown")
        .timer().count() == 1);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the meters settle within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
      try {
        Thread.sleep(10); // polling a meter: nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
