package io.signet.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.signet.observe.HubObserver;
import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import io.signet.observe.ObservedHub;
import io.signet.observe.SignetObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Traces Signet's hubs with OpenTelemetry. Enable it with one builder call:
 *
 * <pre>{@code
 * Signet signet = Signet.builder()
 *     .hub(ChatHub.class)
 *     .observer(new SignetTracing(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>As ASP.NET Core's {@code Microsoft.AspNetCore.SignalR.Server} activity source does, every
 * call of a hub method by a client is a span of its own, of kind {@code SERVER}, named
 * {@code Hub/Method} ({@code ChatHub/SendMessage}), without a parent (calls are not bundled under
 * the long-lived connection), with the RPC conventions' attributes {@code rpc.system}
 * ({@code signalr}), {@code rpc.service} (the hub) and {@code rpc.method}. A call that fails gets
 * status {@code ERROR} and {@code error.type}, the exception's class name. The hub method runs
 * with its span current, so spans it starts are its children. A streaming method's span lasts
 * until its stream ends.
 *
 * <p>Each negotiate request is a span named {@code Hub/negotiate}, of kind {@code INTERNAL},
 * within what is current on the request's thread (a servlet container's HTTP span, where one is
 * instrumented).
 *
 * <p>Calls refused before any method ran (an unknown name, arguments that do not bind) get no
 * span; {@code hub-micrometer} counts them.
 */
public final class SignetTracing implements SignetObserver {
  /** The instrumentation scope of Signet's spans. */
  public static final String INSTRUMENTATION_NAME = "io.signet";

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;

  /**
   * Traces with {@code openTelemetry}'s tracer provider.
   *
   * @param openTelemetry the OpenTelemetry whose tracer provider is used
   */
  public SignetTracing(OpenTelemetry openTelemetry) {
    this(Objects.requireNonNull(openTelemetry, "openTelemetry == null")
        .getTracer(INSTRUMENTATION_NAME));
  }

  /**
   * Traces with {@code tracer}.
   *
   * @param tracer the tracer
   */
  public SignetTracing(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer == null");
  }

  @Override
  public HubObserver hub(ObservedHub hub) {
    return new HubTracer(tracer, hub.name());
  }

  /** The spans of one hub. */
  private static final class HubTracer implements HubObserver {
    private final Tracer tracer;
    private final String hubName;

    HubTracer(Tracer tracer, String hubName) {
      this.tracer = tracer;
      this.hubName = hubName;
    }

    @Override
    public void negotiated(Duration took) {
      Instant end = Instant.now();
      tracer.spanBuilder(hubName + "/negotiate")
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(RPC_SYSTEM, "signalr")
          .setAttribute(RPC_SERVICE, hubName)
          .setStartTimestamp(end.minus(took))
          .startSpan()
          .end(end);
    }

    @Override
    public InvocationObservation invocationStarted(String method, String connectionId) {
      Span span = tracer.spanBuilder(hubName + "/" + method)
          .setSpanKind(SpanKind.SERVER)
          .setNoParent()
          .setAttribute(RPC_SYSTEM, "signalr")
          .setAttribute(RPC_SERVICE, hubName)
          .setAttribute(RPC_METHOD, method)
          .startSpan();
      return new InvocationObservation() {
        @Override
        public Scope makeCurrent() {
          io.opentelemetry.context.Scope scope = span.makeCurrent();
          return scope::close;
        }

        @Override
        public void ended(InvocationOutcome outcome, Throwable error) {
          if (outcome != InvocationOutcome.SUCCESS) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE,
                error == null ? outcome.tagValue() : error.getClass().getName());
          }
          span.end();
        }
      };
    }
  }
}
