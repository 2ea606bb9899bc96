package io.signet.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.signet.connection.TransportType;
import io.signet.observe.ConnectionEndStatus;
import io.signet.observe.HubObserver;
import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import io.signet.observe.ObservedHub;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one hub. Those an event touches often are resolved here once; per-method meters
 * on the first call of each method and outcome.
 */
final class HubMeters implements HubObserver {
  /** The bucket bounds the conventions advise for connection durations. */
  private static final Duration[] CONNECTION_BUCKETS = {
      Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(120), Duration.ofSeconds(300)};

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter messagesReceived;
  private final Counter messagesSent;
  private final Counter bytesReceived;
  private final Counter bytesSent;
  private final Counter negotiations;
  private final Map<TransportType, Counter> transportRequests = new EnumMap<>(TransportType.class);
  private final Map<TransportType, Counter> slowConsumers = new EnumMap<>(TransportType.class);
  private final Map<TransportType, Map<ConnectionEndStatus, Timer>> connectionDurations =
      new EnumMap<>(TransportType.class);
  private final Map<MethodOutcome, Counter> invocations = new ConcurrentHashMap<>();
  private final Map<MethodOutcome, Timer> invocationDurations = new ConcurrentHashMap<>();

  private record MethodOutcome(String method, InvocationOutcome outcome) {}

  HubMeters(MeterRegistry registry, ObservedHub hub, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    messagesReceived = Counter.builder(MeterNames.MESSAGES_RECEIVED).tags(tags)
        .description("Hub messages parsed from clients").register(registry);
    messagesSent = Counter.builder(MeterNames.MESSAGES_SENT).tags(tags)
        .description("Hub messages queued for clients, one per recipient").register(registry);
    bytesReceived = Counter.builder(MeterNames.BYTES_RECEIVED).tags(tags).baseUnit("bytes")
        .description("Bytes received from clients").register(registry);
    bytesSent = Counter.builder(MeterNames.BYTES_SENT).tags(tags).baseUnit("bytes")
        .description("Bytes of hub messages queued for clients").register(registry);
    negotiations = Counter.builder(MeterNames.NEGOTIATIONS).tags(tags)
        .description("Negotiate requests answered").register(registry);
    // Strong references: a gauge holds its object weakly, and nothing else keeps this one.
    Gauge.builder(MeterNames.OUTBOUND_QUEUED, hub, ObservedHub::queuedBytes).tags(tags)
        .strongReference(true)
        .baseUnit("bytes").description("Bytes queued for clients, not yet written")
        .register(registry);
    for (TransportType transport : TransportType.values()) {
      Tags withTransport = tags.and(MeterNames.TRANSPORT, MeterNames.transport(transport));
      Gauge.builder(MeterNames.ACTIVE_CONNECTIONS, hub, h -> h.activeConnections(transport))
          .tags(withTransport).strongReference(true).baseUnit("{connection}")
          .description("Connections that are currently active on the server").register(registry);
      transportRequests.put(transport, Counter.builder(MeterNames.TRANSPORT_REQUESTS)
          .tags(withTransport).description("Transport requests admitted").register(registry));
      slowConsumers.put(transport, Counter.builder(MeterNames.SLOW_CONSUMER_DISCONNECTS)
          .tags(withTransport)
          .description("Connections ended because their client did not read what was sent")
          .register(registry));
      Map<ConnectionEndStatus, Timer> byStatus = new EnumMap<>(ConnectionEndStatus.class);
      for (ConnectionEndStatus status : ConnectionEndStatus.values()) {
        byStatus.put(status, Timer.builder(MeterNames.CONNECTION_DURATION)
            .tags(withTransport.and(MeterNames.STATUS, status.attributeValue()))
            .serviceLevelObjectives(CONNECTION_BUCKETS)
            .description("The duration of connections on the server").register(registry));
      }
      connectionDurations.put(transport, byStatus);
    }
  }

  @Override
  public void negotiated(Duration took) {
    negotiations.increment();
  }

  @Override
  public void transportRequest(TransportType transport) {
    transportRequests.get(transport).increment();
  }

  @Override
  public void connectionEnded(TransportType transport, ConnectionEndStatus status,
      Duration duration) {
    connectionDurations.get(transport).get(status).record(duration);
  }

  @Override
  public void slowConsumerDisconnected(TransportType transport) {
    slowConsumers.get(transport).increment();
  }

  @Override
  public void bytesReceived(int bytes) {
    bytesReceived.increment(bytes);
  }

  @Override
  public void messagesReceived(int count) {
    messagesReceived.increment(count);
  }

  @Override
  public void messageSent(int bytes) {
    messagesSent.increment();
    bytesSent.increment(bytes);
  }

  @Override
  public InvocationObservation invocationStarted(String method, String connectionId) {
    long startNanos = System.nanoTime();
    return (outcome, error) -> {
      MethodOutcome key = new MethodOutcome(method, outcome);
      invocationCounter(key).increment();
      invocationDurations.computeIfAbsent(key, k -> Timer.builder(MeterNames.INVOCATION_DURATION)
              .tags(methodTags(k)).description("The duration of hub method calls")
              .register(registry))
          .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    };
  }

  @Override
  public void invocationRefused(String method, InvocationOutcome outcome) {
    invocationCounter(new MethodOutcome(method == null ? MeterNames.OTHER_METHOD : method, outcome))
        .increment();
  }

  private Counter invocationCounter(MethodOutcome key) {
    return invocations.computeIfAbsent(key, k -> Counter.builder(MeterNames.INVOCATIONS)
        .tags(methodTags(k)).description("Calls of hub methods by clients, by outcome")
        .register(registry));
  }

  private Tags methodTags(MethodOutcome key) {
    return tags.and(MeterNames.METHOD, key.method())
        .and(MeterNames.OUTCOME, key.outcome().tagValue());
  }
}
