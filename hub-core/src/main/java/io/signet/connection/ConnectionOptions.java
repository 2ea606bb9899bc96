package io.signet.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Limits of the connection layer.
 *
 * @param maximumOutboundBufferSize bytes that may wait for a slow client before its connection is
 *     closed with an error
 * @param disconnectTimeout how long a negotiated connection may stay without a transport
 * @param closeTimeout how long a closing connection waits for queued bytes to drain before the
 *     transport is torn down anyway
 * @param longPollTimeout how long a poll waits for data before it is answered empty; must stay
 *     below the clients' 100 s poll timeout
 * @param longPollPacing the least time between two poll answers that carry messages; zero answers
 *     at once
 * @param sendTimeout how long one transport write may take before the client counts as stalled
 *     and the connection is aborted
 * @param allowedOrigins browser origins allowed besides the endpoint's own; {@code "*"} for all
 * @param maximumPostBodySize the largest body of one {@code POST} (how SSE and long-polling
 *     clients send); larger ones are answered {@code 413}
 * @param allowStatefulReconnects whether negotiate grants stateful reconnect to the clients that
 *     ask for it: a WebSocket that drops without a close handshake then leaves the connection
 *     {@linkplain Connection.State#DETACHED detached} for up to {@code disconnectTimeout}, and a
 *     new WebSocket with the same token resumes it
 * @param statefulReconnectBufferSize the bytes of sent messages a stateful-reconnect connection
 *     keeps until its client acknowledges them: above it, producers that can wait (streams)
 *     pause, and a message sent while the client is away that would go beyond it ends the
 *     connection
 */
public record ConnectionOptions(
    long maximumOutboundBufferSize,
    Duration disconnectTimeout,
    Duration closeTimeout,
    Duration longPollTimeout,
    Duration longPollPacing,
    Duration sendTimeout,
    Set<String> allowedOrigins,
    long maximumPostBodySize,
    boolean allowStatefulReconnects,
    long statefulReconnectBufferSize) {

  /**
   * 1 MiB, 15 s, 5 s, 90 s, 25 ms, 10 s, none, 30,000,000 bytes, no stateful reconnect, 100,000
   * bytes.
   */
  public static final ConnectionOptions DEFAULTS = new ConnectionOptions(1024 * 1024,
      Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ofMillis(25),
      Duration.ofSeconds(10), Set.of(), 30_000_000, false, 100_000);

  /**
   * Validates the options and copies the origins.
   *
   * @param maximumOutboundBufferSize bytes waiting for a slow client, above 0
   * @param disconnectTimeout how long a connection may stay without a transport
   * @param closeTimeout how long a closing connection waits for its bytes to drain
   * @param longPollTimeout how long a poll waits for data
   * @param longPollPacing the least time between two poll answers with messages
   * @param sendTimeout how long one transport write may take
   * @param allowedOrigins browser origins allowed besides the endpoint's own
   * @param maximumPostBodySize the largest body of one {@code POST}
   * @param allowStatefulReconnects whether negotiate grants stateful reconnect
   * @param statefulReconnectBufferSize the unacknowledged bytes kept for a resend
   */
  public ConnectionOptions {
    if (maximumOutboundBufferSize <= 0) {
      throw new IllegalArgumentException("maximumOutboundBufferSize <= 0");
    }
    Objects.requireNonNull(disconnectTimeout, "disconnectTimeout == null");
    Objects.requireNonNull(closeTimeout, "closeTimeout == null");
    Objects.requireNonNull(longPollTimeout, "longPollTimeout == null");
    Objects.requireNonNull(longPollPacing, "longPollPacing == null");
    Objects.requireNonNull(sendTimeout, "sendTimeout == null");
    allowedOrigins = Set.copyOf(allowedOrigins);
    if (maximumPostBodySize <= 0) {
      throw new IllegalArgumentException("maximumPostBodySize <= 0");
    }
    if (statefulReconnectBufferSize <= 0) {
      throw new IllegalArgumentException("statefulReconnectBufferSize <= 0");
    }
  }
}
