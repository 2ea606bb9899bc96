package io.signet.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.signet.observe.HubObserver;
import io.signet.observe.ObservedHub;
import io.signet.observe.SignetObserver;
import java.util.Objects;

/**
 * Measures Signet's hubs into a Micrometer {@link MeterRegistry}. Enable it with one builder call:
 *
 * <pre>{@code
 * Signet signet = Signet.builder()
 *     .hub(ChatHub.class)
 *     .observer(new SignetMetrics(registry))
 *     .build();
 * }</pre>
 *
 * <p>The first two meters are those of the OpenTelemetry SignalR semantic conventions, which
 * ASP.NET Core reports; the others are Signet's, in the same namespace. Every meter is tagged with
 * {@code signalr.hub} (the hub class's simple name); transports are tagged {@code signalr.transport}
 * with the conventions' values ({@code web_sockets}, {@code server_sent_events},
 * {@code long_polling}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags besides the hub</th></tr>
 *   <tr><td>{@code signalr.server.active_connections}</td><td>gauge</td>
 *       <td>{@code signalr.transport}</td></tr>
 *   <tr><td>{@code signalr.server.connection.duration}</td><td>timer (seconds)</td>
 *       <td>{@code signalr.transport}, {@code signalr.connection.status} ({@code normal_closure},
 *       {@code timeout}, {@code app_shutdown})</td></tr>
 *   <tr><td>{@code signalr.server.invocations}</td><td>counter</td>
 *       <td>{@code signalr.method} ({@code _OTHER} for a name no method has),
 *       {@code signalr.invocation.outcome} ({@code success}, {@code error},
 *       {@code unknown_method}, {@code binding_failure}, {@code unauthorized},
 *       {@code refused})</td></tr>
 *   <tr><td>{@code signalr.server.invocation.duration}</td><td>timer</td>
 *       <td>{@code signalr.method}, {@code signalr.invocation.outcome} (calls that ran)</td></tr>
 *   <tr><td>{@code signalr.server.messages.received}, {@code signalr.server.messages.sent}</td>
 *       <td>counters</td><td>none (a broadcast counts one message per recipient)</td></tr>
 *   <tr><td>{@code signalr.server.bytes.received}, {@code signalr.server.bytes.sent}</td>
 *       <td>counters (bytes)</td><td>none</td></tr>
 *   <tr><td>{@code signalr.server.outbound.queued}</td><td>gauge (bytes)</td><td>none</td></tr>
 *   <tr><td>{@code signalr.server.slow_consumer.disconnects}</td><td>counter</td>
 *       <td>{@code signalr.transport}</td></tr>
 *   <tr><td>{@code signalr.server.negotiations}</td><td>counter</td><td>none</td></tr>
 *   <tr><td>{@code signalr.server.transport.requests}</td><td>counter</td>
 *       <td>{@code signalr.transport} (each long poll, event stream and WebSocket upgrade)</td></tr>
 * </table>
 *
 * <p>Meters are created per hub when Signet is built, and per method on first use (method tags
 * come from the hub's own method names, never from what clients send), so the send path costs
 * two counter increments per message and no lookup.
 */
public final class SignetMetrics implements SignetObserver {
  private final MeterRegistry registry;
  private final Tags extraTags;

  /**
   * Measures into {@code registry}.
   *
   * @param registry the registry the meters go to
   */
  public SignetMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Measures into {@code registry}, adding {@code tags} to every meter (a server's name, say).
   *
   * @param registry the registry the meters go to
   * @param tags tags added to every meter
   */
  public SignetMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.extraTags = Tags.of(Objects.requireNonNull(tags, "tags == null"));
  }

  @Override
  public HubObserver hub(ObservedHub hub) {
    return new HubMeters(registry, hub, extraTags.and(MeterNames.HUB, hub.name()));
  }
}
