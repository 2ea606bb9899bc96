package io.signet.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubException;
import io.signet.jetty.SignetServer;
import io.signet.server.Signet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spans of a session of the official Java client, exported to memory. */
class SignetTracingTest {
  private static final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private static final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private static final Tracer tracer = provider.get("test");
  private SignetServer server;

  /** What the session calls; {@code lookUp} starts a span of its own. */
  @HubEndpoint("/traced")
  public static class TracedHub extends Hub {
    public String lookUp(String key) {
      tracer.spanBuilder("database lookup").startSpan().end();
      return key.toUpperCase();
    }

    public void fail() {
      throw new HubException("refused");
    }
  }

  @BeforeEach
  void start() {
    exporter.reset();
    Signet signet = Signet.builder().hub(TracedHub.class)
        .observer(new SignetTracing(provider.get(SignetTracing.INSTRUMENTATION_NAME))).build();
    server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyCallIsASpanWithTheConventionsAttributes() {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + server.port() + "/traced")
        .withTransport(TransportEnum.WEBSOCKETS).build();
    connection.start().blockingAwait();
    assertThat(connection.invoke(String.class, "lookUp", "key").blockingGet()).isEqualTo("KEY");
    assertThatThrownBy(() -> connection.invoke("fail").blockingAwait())
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> connection.invoke("noSuchMethod").blockingAwait())
        .hasMessageContaining("does not exist");
    connection.stop().blockingAwait();

    Map<String, SpanData> spans = exporter.getFinishedSpanItems().stream()
        .collect(Collectors.toMap(SpanData::getName, Function.identity()));
    assertThat(spans).containsOnlyKeys("TracedHub/negotiate", "TracedHub/lookUp",
        "database lookup", "TracedHub/fail"); // the unknown name gets no span

    SpanData lookUp = spans.get("TracedHub/lookUp");
    assertThat(lookUp.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(lookUp.getParentSpanContext().isValid()).as("a call has no parent").isFalse();
    assertThat(lookUp.getAttributes().get(SignetTracing.RPC_SYSTEM)).isEqualTo("signalr");
    assertThat(lookUp.getAttributes().get(SignetTracing.RPC_SERVICE)).isEqualTo("TracedHub");
    assertThat(lookUp.getAttributes().get(SignetTracing.RPC_METHOD)).isEqualTo("lookUp");
    assertThat(lookUp.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(spans.get("database lookup").getParentSpanId())
        .as("the method's own span is a child of the call's").isEqualTo(lookUp.getSpanId());

    SpanData fail = spans.get("TracedHub/fail");
    assertThat(fail.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(fail.getAttributes().get(SignetTracing.ERROR_TYPE))
        .isEqualTo(HubException.class.getName());

    SpanData negotiate = spans.get("TracedHub/negotiate");
    assertThat(negotiate.getEndEpochNanos()).isGreaterThanOrEqualTo(negotiate.getStartEpochNanos());
    assertThat(List.of(negotiate.getKind())).containsExactly(SpanKind.INTERNAL);
  }
}
