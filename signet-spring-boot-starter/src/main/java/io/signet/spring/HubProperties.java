package io.signet.spring;

import io.signet.connection.TransportType;
import io.signet.hub.HubOptions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.util.unit.DataSize;

/**
 * The options of a hub, as {@code signet.*} sets them for every hub and
 * {@code signet.hubs.<hub>.*} for one: each is a {@link HubOptions} value. A value left unset
 * keeps what the level above says (for {@code signet.*}, {@link HubOptions#DEFAULTS}); the
 * defaults named here are Signet's. Durations take Spring's forms ({@code 15s}, {@code 500ms},
 * {@code PT1M}), sizes its data sizes ({@code 32KB}, {@code 1MB}; a bare number is bytes).
 *
 * <p>A JavaBean with setters, unlike Signet's immutable options, because Spring binds
 * {@code signet.*} onto {@link SignetProperties}, a subclass, and that takes setters; the values
 * become an immutable {@link HubOptions} when {@code Signet} is built. Bound once at startup, on
 * one thread; not thread-safe.
 */
public class HubProperties {
  /**
   * How often the server pings a connection it has sent nothing else on; keep it well below the
   * clients' server timeout (30 s). Default: 15s.
   */
  private Duration keepAliveInterval;
  /** A client silent this long is disconnected (armed by its first ping). Default: 30s. */
  private Duration clientTimeoutInterval;
  /** Time allowed for the client's handshake. Default: 15s. */
  private Duration handshakeTimeout;
  /**
   * Largest client message, its record separator included; larger closes the connection with an
   * error (0: no limit). Default: 32KB.
   */
  private DataSize maximumReceiveMessageSize;
  /**
   * Deepest nesting of arrays and objects in a client message; deeper closes the connection with
   * an error. Default: 64.
   */
  private Integer maximumNestingDepth;
  /**
   * Most arguments in one client message; more closes the connection with an error. Default: 64.
   */
  private Integer maximumArgumentCount;
  /** Whether clients see exception types and messages. Default: false. */
  private Boolean enableDetailedErrors;
  /** Bytes queued for a slow client before it is disconnected. Default: 1MB. */
  private DataSize maximumOutboundBufferSize;
  /** Bytes received but not yet dispatched before the client is disconnected. Default: 1MB. */
  private DataSize maximumInboundBufferSize;
  /**
   * A write to a client not done within this aborts its connection (the client stopped reading).
   * Default: 10s.
   */
  private Duration transportSendTimeout;
  /**
   * A negotiated connection with no transport, a long-polling client that stops polling, or a
   * stateful-reconnect client away, is discarded after this. Default: 15s.
   */
  private Duration disconnectTimeout;
  /**
   * A poll with nothing to deliver is answered empty after this; keep it below the clients' 100
   * s. Default: 90s.
   */
  private Duration longPollTimeout;
  /**
   * The least time between two long-poll answers carrying messages (0: answer every poll at
   * once). Default: 25ms.
   */
  private Duration longPollPacing;
  /**
   * The transports clients may use; a request for another gets 404. Default: WebSockets,
   * ServerSentEvents, LongPolling.
   */
  private Set<TransportType> transports;
  /**
   * Browser origins whose pages may connect besides the endpoint's own; "*" allows every origin.
   * Default: none.
   */
  private Set<String> allowedOrigins;
  /**
   * Grant stateful reconnect to clients that ask for it (WebSockets, handshake version 2).
   * Default: false.
   */
  private Boolean allowStatefulReconnects;
  /**
   * Unacknowledged bytes kept per connection for a resend after a stateful reconnect. Default:
   * 100000B.
   */
  private DataSize statefulReconnectBufferSize;
  /**
   * Largest body of one POST, by which SSE and long-polling clients send; larger gets 413.
   * Default: 30000000B.
   */
  private DataSize maximumPostBodySize;
  /** Calls of one client running at once. Default: 1. */
  private Integer maximumParallelInvocationsPerClient;
  /** Items of an upload stream buffered before reading from that client pauses. Default: 10. */
  private Integer streamBufferCapacity;
  /** A client result not answered by then fails with a TimeoutException. Default: 30s. */
  private Duration clientResultTimeout;
  /** Client results awaited from one connection at once. Default: 100. */
  private Integer maximumPendingClientResults;
  /** Streams open on one connection, both directions together. Default: 100. */
  private Integer maximumOpenStreams;

  /**
   * See {@link HubOptions#keepAliveInterval()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getKeepAliveInterval() {
    return keepAliveInterval;
  }

  /**
   * See {@link HubOptions#keepAliveInterval()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setKeepAliveInterval(Duration value) {
    this.keepAliveInterval = value;
  }

  /**
   * See {@link HubOptions#clientTimeoutInterval()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getClientTimeoutInterval() {
    return clientTimeoutInterval;
  }

  /**
   * See {@link HubOptions#clientTimeoutInterval()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setClientTimeoutInterval(Duration value) {
    this.clientTimeoutInterval = value;
  }

  /**
   * See {@link HubOptions#handshakeTimeout()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getHandshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * See {@link HubOptions#handshakeTimeout()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setHandshakeTimeout(Duration value) {
    this.handshakeTimeout = value;
  }

  /**
   * See {@link HubOptions#maximumReceiveMessageSize()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public DataSize getMaximumReceiveMessageSize() {
    return maximumReceiveMessageSize;
  }

  /**
   * See {@link HubOptions#maximumReceiveMessageSize()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumReceiveMessageSize(DataSize value) {
    this.maximumReceiveMessageSize = value;
  }

  /**
   * See {@link HubOptions#maximumNestingDepth()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumNestingDepth() {
    return maximumNestingDepth;
  }

  /**
   * See {@link HubOptions#maximumNestingDepth()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumNestingDepth(Integer value) {
    this.maximumNestingDepth = value;
  }

  /**
   * See {@link HubOptions#maximumArgumentCount()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumArgumentCount() {
    return maximumArgumentCount;
  }

  /**
   * See {@link HubOptions#maximumArgumentCount()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumArgumentCount(Integer value) {
    this.maximumArgumentCount = value;
  }

  /**
   * See {@link HubOptions#enableDetailedErrors()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Boolean getEnableDetailedErrors() {
    return enableDetailedErrors;
  }

  /**
   * See {@link HubOptions#enableDetailedErrors()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setEnableDetailedErrors(Boolean value) {
    this.enableDetailedErrors = value;
  }

  /**
   * See {@link HubOptions#maximumOutboundBufferSize()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public DataSize getMaximumOutboundBufferSize() {
    return maximumOutboundBufferSize;
  }

  /**
   * See {@link HubOptions#maximumOutboundBufferSize()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumOutboundBufferSize(DataSize value) {
    this.maximumOutboundBufferSize = value;
  }

  /**
   * See {@link HubOptions#maximumInboundBufferSize()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public DataSize getMaximumInboundBufferSize() {
    return maximumInboundBufferSize;
  }

  /**
   * See {@link HubOptions#maximumInboundBufferSize()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumInboundBufferSize(DataSize value) {
    this.maximumInboundBufferSize = value;
  }

  /**
   * See {@link HubOptions#transportSendTimeout()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getTransportSendTimeout() {
    return transportSendTimeout;
  }

  /**
   * See {@link HubOptions#transportSendTimeout()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setTransportSendTimeout(Duration value) {
    this.transportSendTimeout = value;
  }

  /**
   * See {@link HubOptions#disconnectTimeout()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getDisconnectTimeout() {
    return disconnectTimeout;
  }

  /**
   * See {@link HubOptions#disconnectTimeout()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setDisconnectTimeout(Duration value) {
    this.disconnectTimeout = value;
  }

  /**
   * See {@link HubOptions#longPollTimeout()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getLongPollTimeout() {
    return longPollTimeout;
  }

  /**
   * See {@link HubOptions#longPollTimeout()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setLongPollTimeout(Duration value) {
    this.longPollTimeout = value;
  }

  /**
   * See {@link HubOptions#longPollPacing()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getLongPollPacing() {
    return longPollPacing;
  }

  /**
   * See {@link HubOptions#longPollPacing()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setLongPollPacing(Duration value) {
    this.longPollPacing = value;
  }

  /**
   * See {@link HubOptions#transports()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Set<TransportType> getTransports() {
    return transports;
  }

  /**
   * See {@link HubOptions#transports()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setTransports(Set<TransportType> value) {
    this.transports = value;
  }

  /**
   * See {@link HubOptions#allowedOrigins()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Set<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  /**
   * See {@link HubOptions#allowedOrigins()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setAllowedOrigins(Set<String> value) {
    this.allowedOrigins = value;
  }

  /**
   * See {@link HubOptions#allowStatefulReconnects()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Boolean getAllowStatefulReconnects() {
    return allowStatefulReconnects;
  }

  /**
   * See {@link HubOptions#allowStatefulReconnects()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setAllowStatefulReconnects(Boolean value) {
    this.allowStatefulReconnects = value;
  }

  /**
   * See {@link HubOptions#statefulReconnectBufferSize()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public DataSize getStatefulReconnectBufferSize() {
    return statefulReconnectBufferSize;
  }

  /**
   * See {@link HubOptions#statefulReconnectBufferSize()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setStatefulReconnectBufferSize(DataSize value) {
    this.statefulReconnectBufferSize = value;
  }

  /**
   * See {@link HubOptions#maximumPostBodySize()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public DataSize getMaximumPostBodySize() {
    return maximumPostBodySize;
  }

  /**
   * See {@link HubOptions#maximumPostBodySize()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumPostBodySize(DataSize value) {
    this.maximumPostBodySize = value;
  }

  /**
   * See {@link HubOptions#maximumParallelInvocationsPerClient()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumParallelInvocationsPerClient() {
    return maximumParallelInvocationsPerClient;
  }

  /**
   * See {@link HubOptions#maximumParallelInvocationsPerClient()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumParallelInvocationsPerClient(Integer value) {
    this.maximumParallelInvocationsPerClient = value;
  }

  /**
   * See {@link HubOptions#streamBufferCapacity()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getStreamBufferCapacity() {
    return streamBufferCapacity;
  }

  /**
   * See {@link HubOptions#streamBufferCapacity()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setStreamBufferCapacity(Integer value) {
    this.streamBufferCapacity = value;
  }

  /**
   * See {@link HubOptions#clientResultTimeout()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Duration getClientResultTimeout() {
    return clientResultTimeout;
  }

  /**
   * See {@link HubOptions#clientResultTimeout()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setClientResultTimeout(Duration value) {
    this.clientResultTimeout = value;
  }

  /**
   * See {@link HubOptions#maximumPendingClientResults()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumPendingClientResults() {
    return maximumPendingClientResults;
  }

  /**
   * See {@link HubOptions#maximumPendingClientResults()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumPendingClientResults(Integer value) {
    this.maximumPendingClientResults = value;
  }

  /**
   * See {@link HubOptions#maximumOpenStreams()}; {@code null} when unset.
   *
   * @return the value, or {@code null} when unset
   */
  public Integer getMaximumOpenStreams() {
    return maximumOpenStreams;
  }

  /**
   * See {@link HubOptions#maximumOpenStreams()}.
   *
   * @param value the value; {@code null} leaves the option unset
   */
  public void setMaximumOpenStreams(Integer value) {
    this.maximumOpenStreams = value;
  }

  /** Sets on {@code o} every option set here, leaving the others as they are. */
  void applyTo(HubOptions.Builder o) {
    set(keepAliveInterval, o::keepAliveInterval);
    set(clientTimeoutInterval, o::clientTimeoutInterval);
    set(handshakeTimeout, o::handshakeTimeout);
    set(maximumReceiveMessageSize, v -> o.maximumReceiveMessageSize(v.toBytes()));
    set(maximumNestingDepth, o::maximumNestingDepth);
    set(maximumArgumentCount, o::maximumArgumentCount);
    set(enableDetailedErrors, o::enableDetailedErrors);
    set(maximumOutboundBufferSize, v -> o.maximumOutboundBufferSize(v.toBytes()));
    set(maximumInboundBufferSize, v -> o.maximumInboundBufferSize(v.toBytes()));
    set(transportSendTimeout, o::transportSendTimeout);
    set(disconnectTimeout, o::disconnectTimeout);
    set(longPollTimeout, o::longPollTimeout);
    set(longPollPacing, o::longPollPacing);
    set(transports, o::transports);
    set(allowedOrigins, o::allowedOrigins);
    set(allowStatefulReconnects, o::allowStatefulReconnects);
    set(statefulReconnectBufferSize, v -> o.statefulReconnectBufferSize(v.toBytes()));
    set(maximumPostBodySize, v -> o.maximumPostBodySize(v.toBytes()));
    set(maximumParallelInvocationsPerClient, o::maximumParallelInvocationsPerClient);
    set(streamBufferCapacity, o::streamBufferCapacity);
    set(clientResultTimeout, o::clientResultTimeout);
    set(maximumPendingClientResults, o::maximumPendingClientResults);
    set(maximumOpenStreams, o::maximumOpenStreams);
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
