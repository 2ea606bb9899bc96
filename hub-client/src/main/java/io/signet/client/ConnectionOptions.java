package io.signet.client;

import io.signet.protocol.HubProtocol;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What a {@link HubConnectionBuilder} was told, fixed for the life of the connection it built.
 *
 * @param url the hub URL
 * @param transports the transports the client may use
 * @param skipNegotiation whether to open a WebSocket at once, without negotiate
 * @param protocol the hub protocol
 * @param serverTimeout how long the server may send nothing before the connection is lost
 * @param keepAliveInterval how long this side may send nothing before it sends a ping
 * @param handshakeTimeout how long the handshake response may take
 * @param retryPolicy automatic reconnect, or {@code null} for none
 * @param statefulReconnect whether to ask for stateful reconnect
 * @param statefulReconnectBufferSize bytes of unacknowledged messages kept for a replay
 * @param maximumMessageSize the largest message accepted from the server, in bytes
 * @param streamBufferCapacity stream items kept for a subscriber that has not asked for them
 * @param executor where callbacks run
 * @param http the HTTP client with headers and access token
 */
record ConnectionOptions(
    URI url,
    Set<TransportType> transports,
    boolean skipNegotiation,
    HubProtocol protocol,
    Duration serverTimeout,
    Duration keepAliveInterval,
    Duration handshakeTimeout,
    RetryPolicy retryPolicy,
    boolean statefulReconnect,
    int statefulReconnectBufferSize,
    long maximumMessageSize,
    int streamBufferCapacity,
    Executor executor,
    HttpAccess http) {}
