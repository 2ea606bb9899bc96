package io.signet.hub;

import io.signet.connection.TransportType;
import io.signet.protocol.MessageLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of a hub and its connections. Immutable; build with {@link #builder()}. Defaults follow
 * ASP.NET Core SignalR.
 *
 * @param keepAliveInterval how often the server pings a connection it has sent nothing else on
 *     (default 15 s); must stay well below the clients' server timeout (30 s)
 * @param clientTimeoutInterval how long a client may stay silent before it is considered gone
 *     (default 30 s); armed after the client's first ping, as in ASP.NET Core
 * @param handshakeTimeout how long a client may take to send its handshake (default 15 s)
 * @param maximumReceiveMessageSize the largest message accepted from a client, handshake included,
 *     in bytes (default 32768); {@code 0} for no limit. A larger message closes the connection with
 *     an error.
 * @param enableDetailedErrors whether clients see exception types and messages (default false)
 * @param maximumOutboundBufferSize bytes that may wait for a slow client before its connection is
 *     closed with an error (default 1 MiB)
 * @param maximumInboundBufferSize bytes received from a client that may wait for dispatch before
 *     its connection is closed with an error (default 1 MiB)
 * @param disconnectTimeout how long a negotiated connection may stay without a transport, a
 *     long-polling client between two polls, or a client with stateful reconnect away after its
 *     WebSocket dropped, before the connection is discarded (default 15 s)
 * @param longPollTimeout how long a long poll waits for data before it is answered empty (default
 *     90 s; keep it below the clients' 100 s poll timeout)
 * @param longPollPacing the least time between two long-poll answers of one connection that carry
 *     messages (default 25 ms). A message for a client whose last answer left longer ago goes at
 *     once; one that follows sooner waits out the rest, with whatever else comes meanwhile, so a
 *     busy client gets several messages per poll instead of one poll per message. Zero answers
 *     every poll at once, as ASP.NET Core does.
 * @param transports the transports clients may use (default all three); negotiate offers only these,
 *     and a request for another is refused with {@code 404}
 * @param maximumParallelInvocationsPerClient how many calls of one client may run at once
 *     (default 1: one at a time, in order). Streaming methods and methods with upload streams do
 *     not count.
 * @param streamBufferCapacity items of one upload stream buffered before reading from the client
 *     pauses (default 10)
 * @param clientResultTimeout how long a client result may take before its stage fails with a
 *     {@link java.util.concurrent.TimeoutException} (default 30 s)
 * @param filters hub filters, outermost first (default none)
 * @param userIdProvider the user id of a connection's principal, for {@code clients().user(id)}
 *     (default {@link java.security.Principal#getName()})
 * @param transportSendTimeout how long one write to a client may take before the client counts
 *     as stalled and its connection is aborted (default 10 s, ASP.NET Core's
 *     {@code TransportSendTimeout})
 * @param allowedOrigins the browser origins ({@code https://app.example.com}) whose pages may
 *     connect, besides the endpoint's own origin; requests without an {@code Origin} header
 *     (non-browser clients) are always allowed. Default: none, so only same-origin pages connect.
 *     {@code "*"} allows every origin.
 * @param maximumNestingDepth how deeply arrays and objects may nest in one client message, the
 *     message's own object counting as the first level (default 64, System.Text.Json's default
 *     {@code MaxDepth}, which ASP.NET Core's JSON hub protocol reads with). A deeper message is
 *     invalid and closes the connection with an error.
 * @param maximumArgumentCount the most arguments one client message may carry (default 64; no
 *     ASP.NET Core equivalent). More is invalid and closes the connection with an error. A hub
 *     with a method taking more arguments than this fails at startup, naming the method.
 * @param maximumPendingClientResults how many client results the server may await from one
 *     connection at a time (default 100; no ASP.NET Core equivalent). Beyond it, a new
 *     {@code invoke} on that connection fails at once with an {@link IllegalStateException},
 *     without reaching the client.
 * @param maximumOpenStreams how many streams may be open on one connection at a time, counting
 *     both server-to-client streams and client upload streams (default 100; no ASP.NET Core
 *     equivalent). Beyond it, a new streaming invocation, or an invocation with upload streams,
 *     is refused with a {@code Completion} carrying an error; the connection stays open.
 * @param maximumPostBodySize the largest body of one {@code POST}, the request by which
 *     Server-Sent-Events and long-polling clients send (default 30,000,000 bytes, Kestrel's
 *     default {@code MaxRequestBodySize}). A body declared larger reaches nothing and is answered
 *     {@code 413}, and the connection goes on; a body found larger while it arrives (chunked) is
 *     answered {@code 413} and its connection ended, since a message may have been cut in two.
 *     Either is read to its end and dropped first (up to 4 MiB), so that the client gets the
 *     answer rather than a reset connection.
 *     Each message in a body is also held to {@code maximumReceiveMessageSize}.
 * @param allowStatefulReconnects whether clients that ask for stateful reconnect in negotiate
 *     ({@code withStatefulReconnect()} in the JavaScript client) get it (default false, as ASP.NET
 *     Core's {@code AllowStatefulReconnects}). It applies to WebSockets and a handshake of
 *     version 2: a WebSocket that drops without a close handshake then leaves the connection
 *     waiting for its client, which comes back with a new WebSocket within
 *     {@code disconnectTimeout} (ASP.NET Core's window too) and resumes it: same connection id,
 *     groups and {@code items()}, no {@code onDisconnected} and no second {@code onConnected},
 *     and every message in either direction delivered exactly once and in order. If it does not
 *     come back in time, the connection ends normally.
 * @param statefulReconnectBufferSize the bytes of sent messages a connection with stateful
 *     reconnect keeps until its client acknowledges them (default 100,000, ASP.NET Core's
 *     {@code StatefulReconnectBufferSize}). Server-to-client streams pause while this much is
 *     unacknowledged; other sends never wait, and count against
 *     {@code maximumOutboundBufferSize} (or this, if larger) like a slow client's. A message sent
 *     while the client is away that would go beyond it ends the connection with a
 *     {@link io.signet.connection.StatefulReconnectBufferFullException}.
 */
public record HubOptions(
    Duration keepAliveInterval,
    Duration clientTimeoutInterval,
    Duration handshakeTimeout,
    long maximumReceiveMessageSize,
    boolean enableDetailedErrors,
    long maximumOutboundBufferSize,
    long maximumInboundBufferSize,
    Duration disconnectTimeout,
    Duration longPollTimeout,
    Duration longPollPacing,
    Set<TransportType> transports,
    int maximumParallelInvocationsPerClient,
    int streamBufferCapacity,
    Duration clientResultTimeout,
    List<HubFilter> filters,
    UserIdProvider userIdProvider,
    Duration transportSendTimeout,
    Set<String> allowedOrigins,
    int maximumNestingDepth,
    int maximumArgumentCount,
    int maximumPendingClientResults,
    int maximumOpenStreams,
    long maximumPostBodySize,
    boolean allowStatefulReconnects,
    long statefulReconnectBufferSize) {

  /** The defaults. */
  public static final HubOptions DEFAULTS = builder().build();

  /**
   * Validates every option and copies the collections.
   *
   * @param keepAliveInterval how often the server pings a connection it has sent nothing else on
   * @param clientTimeoutInterval how long a client may stay silent before it is considered gone
   * @param handshakeTimeout how long a client may take to send its handshake
   * @param maximumReceiveMessageSize the largest message accepted from a client, handshake
   *     included, in bytes
   * @param enableDetailedErrors whether clients see exception types and messages
   * @param maximumOutboundBufferSize bytes that may wait for a slow client before its connection
   *     is closed with an error
   * @param maximumInboundBufferSize bytes received from a client that may wait for dispatch before
   *     its connection is closed with an error
   * @param disconnectTimeout how long a negotiated connection may stay without a transport, a
   *     long-polling client between two polls, or a client with stateful reconnect away after its
   *     WebSocket dropped, before the connection is discarded
   * @param longPollTimeout how long a long poll waits for data before it is answered empty
   * @param longPollPacing the least time between two long-poll answers of one connection that
   *     carry messages
   * @param transports the transports clients may use
   * @param maximumParallelInvocationsPerClient how many calls of one client may run at once
   * @param streamBufferCapacity items of one upload stream buffered before reading from the client
   *     pauses
   * @param clientResultTimeout how long a client result may take before its stage fails with a
   *     {@link java.util.concurrent.TimeoutException}
   * @param filters hub filters, outermost first
   * @param userIdProvider the user id of a connection's principal, for {@code clients().user(id)}
   * @param transportSendTimeout how long one write to a client may take before the client counts
   *     as stalled and its connection is aborted
   * @param allowedOrigins the browser origins allowed besides the endpoint's own
   * @param maximumNestingDepth how deeply arrays and objects may nest in one client message, the
   *     message's own object counting as the first level
   * @param maximumArgumentCount the most arguments one client message may carry
   * @param maximumPendingClientResults how many client results the server may await from one
   *     connection at a time
   * @param maximumOpenStreams how many streams may be open on one connection at a time, counting
   *     both server-to-client streams and client upload streams
   * @param maximumPostBodySize the largest body of one {@code POST}, the request by which
   *     Server-Sent-Events and long-polling clients send
   * @param allowStatefulReconnects whether clients that ask for stateful reconnect in negotiate
   * @param statefulReconnectBufferSize the bytes of sent messages a connection with stateful
   *     reconnect keeps until its client acknowledges them
   */
  public HubOptions {
    requirePositive(keepAliveInterval, "keepAliveInterval");
    requirePositive(clientTimeoutInterval, "clientTimeoutInterval");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(disconnectTimeout, "disconnectTimeout");
    requirePositive(longPollTimeout, "longPollTimeout");
    Objects.requireNonNull(longPollPacing, "longPollPacing == null");
    if (longPollPacing.isNegative()) {
      throw new IllegalArgumentException("longPollPacing < 0");
    }
    Objects.requireNonNull(transports, "transports == null");
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("transports is empty");
    }
    transports = Collections.unmodifiableSet(EnumSet.copyOf(transports));
    if (maximumParallelInvocationsPerClient < 1) {
      throw new IllegalArgumentException("maximumParallelInvocationsPerClient < 1");
    }
    if (streamBufferCapacity < 1) {
      throw new IllegalArgumentException("streamBufferCapacity < 1");
    }
    requirePositive(clientResultTimeout, "clientResultTimeout");
    filters = List.copyOf(filters);
    Objects.requireNonNull(userIdProvider, "userIdProvider == null");
    if (maximumReceiveMessageSize < 0) {
      throw new IllegalArgumentException("maximumReceiveMessageSize < 0");
    }
    if (maximumOutboundBufferSize <= 0) {
      throw new IllegalArgumentException("maximumOutboundBufferSize <= 0");
    }
    if (maximumInboundBufferSize <= 0) {
      throw new IllegalArgumentException("maximumInboundBufferSize <= 0");
    }
    requirePositive(transportSendTimeout, "transportSendTimeout");
    allowedOrigins = Set.copyOf(allowedOrigins);
    if (maximumNestingDepth < 1) {
      throw new IllegalArgumentException("maximumNestingDepth < 1");
    }
    requireNotNegative(maximumArgumentCount, "maximumArgumentCount");
    requireNotNegative(maximumPendingClientResults, "maximumPendingClientResults");
    requireNotNegative(maximumOpenStreams, "maximumOpenStreams");
    if (maximumPostBodySize <= 0) {
      throw new IllegalArgumentException("maximumPostBodySize <= 0");
    }
    if (statefulReconnectBufferSize <= 0) {
      throw new IllegalArgumentException("statefulReconnectBufferSize <= 0");
    }
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these values.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    return new Builder()
        .keepAliveInterval(keepAliveInterval)
        .clientTimeoutInterval(clientTimeoutInterval)
        .handshakeTimeout(handshakeTimeout)
        .maximumReceiveMessageSize(maximumReceiveMessageSize)
        .enableDetailedErrors(enableDetailedErrors)
        .maximumOutboundBufferSize(maximumOutboundBufferSize)
        .maximumInboundBufferSize(maximumInboundBufferSize)
        .disconnectTimeout(disconnectTimeout)
        .longPollTimeout(longPollTimeout)
        .longPollPacing(longPollPacing)
        .transports(transports)
        .maximumParallelInvocationsPerClient(maximumParallelInvocationsPerClient)
        .streamBufferCapacity(streamBufferCapacity)
        .clientResultTimeout(clientResultTimeout)
        .filters(filters)
        .userIdProvider(userIdProvider)
        .transportSendTimeout(transportSendTimeout)
        .allowedOrigins(allowedOrigins)
        .maximumNestingDepth(maximumNestingDepth)
        .maximumArgumentCount(maximumArgumentCount)
        .maximumPendingClientResults(maximumPendingClientResults)
        .maximumOpenStreams(maximumOpenStreams)
        .maximumPostBodySize(maximumPostBodySize)
        .allowStatefulReconnects(allowStatefulReconnects)
        .statefulReconnectBufferSize(statefulReconnectBufferSize);
  }

  private static void requireNotNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " < 0");
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Builds {@link HubOptions}; not thread-safe. */
  public static final class Builder {
    private Duration keepAliveInterval = Duration.ofSeconds(15);
    private Duration clientTimeoutInterval = Duration.ofSeconds(30);
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private long maximumReceiveMessageSize = 32 * 1024;
    private boolean enableDetailedErrors;
    private long maximumOutboundBufferSize = 1024 * 1024;
    private long maximumInboundBufferSize = 1024 * 1024;
    private Duration disconnectTimeout = Duration.ofSeconds(15);
    private Duration longPollTimeout = Duration.ofSeconds(90);
    private Duration longPollPacing = Duration.ofMillis(25);
    private long maximumPostBodySize = 30_000_000;
    private Set<TransportType> transports = EnumSet.allOf(TransportType.class);
    private int maximumParallelInvocationsPerClient = 1;
    private int streamBufferCapacity = 10;
    private Duration clientResultTimeout = Duration.ofSeconds(30);
    private final List<HubFilter> filters = new ArrayList<>();
    private UserIdProvider userIdProvider = java.security.Principal::getName;
    private Duration transportSendTimeout = Duration.ofSeconds(10);
    private Set<String> allowedOrigins = Set.of();
    private int maximumNestingDepth = MessageLimits.DEFAULT_MAXIMUM_NESTING_DEPTH;
    private int maximumArgumentCount = MessageLimits.DEFAULT_MAXIMUM_ARGUMENT_COUNT;
    private int maximumPendingClientResults = 100;
    private int maximumOpenStreams = 100;
    private boolean allowStatefulReconnects;
    private long statefulReconnectBufferSize = 100_000;

    private Builder() {}

    /**
     * See {@link HubOptions#keepAliveInterval()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder keepAliveInterval(Duration value) {
      this.keepAliveInterval = value;
      return this;
    }

    /**
     * See {@link HubOptions#clientTimeoutInterval()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder clientTimeoutInterval(Duration value) {
      this.clientTimeoutInterval = value;
      return this;
    }

    /**
     * See {@link HubOptions#handshakeTimeout()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder handshakeTimeout(Duration value) {
      this.handshakeTimeout = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumReceiveMessageSize()}; {@code 0} for no limit.
     *
     * @param bytes the option's value
     * @return this builder
     */
    public Builder maximumReceiveMessageSize(long bytes) {
      this.maximumReceiveMessageSize = bytes;
      return this;
    }

    /**
     * See {@link HubOptions#enableDetailedErrors()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder enableDetailedErrors(boolean value) {
      this.enableDetailedErrors = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumOutboundBufferSize()}.
     *
     * @param bytes the option's value
     * @return this builder
     */
    public Builder maximumOutboundBufferSize(long bytes) {
      this.maximumOutboundBufferSize = bytes;
      return this;
    }

    /**
     * See {@link HubOptions#maximumInboundBufferSize()}.
     *
     * @param bytes the option's value
     * @return this builder
     */
    public Builder maximumInboundBufferSize(long bytes) {
      this.maximumInboundBufferSize = bytes;
      return this;
    }

    /**
     * See {@link HubOptions#disconnectTimeout()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder disconnectTimeout(Duration value) {
      this.disconnectTimeout = value;
      return this;
    }

    /**
     * See {@link HubOptions#longPollTimeout()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder longPollTimeout(Duration value) {
      this.longPollTimeout = value;
      return this;
    }

    /**
     * See {@link HubOptions#longPollPacing()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder longPollPacing(Duration value) {
      this.longPollPacing = value;
      return this;
    }

    /**
     * See {@link HubOptions#transports()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder transports(Set<TransportType> value) {
      this.transports = EnumSet.copyOf(Objects.requireNonNull(value, "transports == null"));
      return this;
    }

    /**
     * See {@link HubOptions#transports()}.
     *
     * @param first a transport to allow
     * @param rest more transports to allow
     * @return this builder
     */
    public Builder transports(TransportType first, TransportType... rest) {
      return transports(EnumSet.of(first, rest));
    }

    /**
     * See {@link HubOptions#maximumParallelInvocationsPerClient()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumParallelInvocationsPerClient(int value) {
      this.maximumParallelInvocationsPerClient = value;
      return this;
    }

    /**
     * See {@link HubOptions#streamBufferCapacity()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder streamBufferCapacity(int value) {
      this.streamBufferCapacity = value;
      return this;
    }

    /**
     * See {@link HubOptions#clientResultTimeout()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder clientResultTimeout(Duration value) {
      this.clientResultTimeout = value;
      return this;
    }

    /**
     * Adds a filter inside those added before: filters of every hub (set with
     * {@code Signet.Builder.options}) run before those of one hub ({@code configure}).
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder addFilter(HubFilter filter) {
      filters.add(Objects.requireNonNull(filter, "filter == null"));
      return this;
    }

    /**
     * Replaces the filters.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder filters(List<HubFilter> value) {
      filters.clear();
      value.forEach(this::addFilter);
      return this;
    }

    /**
     * See {@link HubOptions#userIdProvider()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder userIdProvider(UserIdProvider value) {
      this.userIdProvider = value;
      return this;
    }

    /**
     * See {@link HubOptions#transportSendTimeout()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder transportSendTimeout(Duration value) {
      this.transportSendTimeout = value;
      return this;
    }

    /**
     * See {@link HubOptions#allowedOrigins()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder allowedOrigins(Set<String> value) {
      this.allowedOrigins = Set.copyOf(Objects.requireNonNull(value, "allowedOrigins == null"));
      return this;
    }

    /**
     * See {@link HubOptions#allowedOrigins()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder allowedOrigins(String... value) {
      return allowedOrigins(Set.of(value));
    }

    /**
     * See {@link HubOptions#maximumNestingDepth()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumNestingDepth(int value) {
      this.maximumNestingDepth = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumArgumentCount()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumArgumentCount(int value) {
      this.maximumArgumentCount = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumPendingClientResults()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumPendingClientResults(int value) {
      this.maximumPendingClientResults = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumOpenStreams()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumOpenStreams(int value) {
      this.maximumOpenStreams = value;
      return this;
    }

    /**
     * See {@link HubOptions#maximumPostBodySize()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder maximumPostBodySize(long value) {
      this.maximumPostBodySize = value;
      return this;
    }

    /**
     * See {@link HubOptions#allowStatefulReconnects()}.
     *
     * @param value the option's value
     * @return this builder
     */
    public Builder allowStatefulReconnects(boolean value) {
      this.allowStatefulReconnects = value;
      return this;
    }

    /**
     * See {@link HubOptions#statefulReconnectBufferSize()}.
     *
     * @param bytes the option's value
     * @return this builder
     */
    public Builder statefulReconnectBufferSize(long bytes) {
      this.statefulReconnectBufferSize = bytes;
      return this;
    }

    /** {@return the options; fails on an invalid value} */
    public HubOptions build() {
      return new HubOptions(
          keepAliveInterval,
          clientTimeoutInterval,
          handshakeTimeout,
          maximumReceiveMessageSize,
          enableDetailedErrors,
          maximumOutboundBufferSize,
          maximumInboundBufferSize,
          disconnectTimeout,
          longPollTimeout,
          longPollPacing,
          transports,
          maximumParallelInvocationsPerClient,
          streamBufferCapacity,
          clientResultTimeout,
          filters,
          userIdProvider,
          transportSendTimeout,
          allowedOrigins,
          maximumNestingDepth,
          maximumArgumentCount,
          maximumPendingClientResults,
          maximumOpenStreams,
          maximumPostBodySize,
          allowStatefulReconnects,
          statefulReconnectBufferSize);
    }
  }
}
