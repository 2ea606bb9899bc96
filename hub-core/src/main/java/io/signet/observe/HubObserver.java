package io.signet.observe;

import io.signet.connection.TransportType;
import java.time.Duration;

/**
 * Learns what one hub does, as it happens. Every method has a default that does nothing, so an
 * implementation overrides what it records.
 *
 * <p>Methods are called on the threads that do the work (transport threads, the hub executor,
 * the timer), concurrently, and some per message sent: they must be thread-safe, must not block,
 * and should cost no more than a counter's increment. What they throw is not caught.
 */
public interface HubObserver {

  /** Observes nothing. */
  HubObserver NONE = new HubObserver() {};

  /**
   * A negotiate request ({@code POST .../negotiate}) was answered.
   *
   * @param took from the request reaching the hub's endpoint to its answer
   */
  default void negotiated(Duration took) {}

  /**
   * A transport request of a connection arrived and was admitted: each long poll, each
   * Server-Sent Events stream, each WebSocket upgrade.
   *
   * @param transport the request's transport
   */
  default void transportRequest(TransportType transport) {}

  /**
   * A connection's transport connected; it counts as active until {@link #connectionEnded}.
   *
   * @param transport the connection's transport
   */
  default void connectionStarted(TransportType transport) {}

  /**
   * A connection ended, once per {@link #connectionStarted}.
   *
   * @param transport the connection's transport
   * @param status how it ended
   * @param duration from its transport connecting to its end
   */
  default void connectionEnded(TransportType transport, ConnectionEndStatus status,
      Duration duration) {}

  /**
   * A connection was ended because its client did not take what was sent: its outbound buffer
   * filled up, or a write outlived the send timeout. Also reported by {@link #connectionEnded}.
   *
   * @param transport the connection's transport
   */
  default void slowConsumerDisconnected(TransportType transport) {}

  /**
   * A client's bytes arrived, {@code bytes} of them, before parsing.
   *
   * @param bytes the bytes read
   */
  default void bytesReceived(int bytes) {}

  /**
   * A client's messages were parsed, {@code count} of them (invocations, stream items,
   * completions, pings...).
   *
   * @param count the messages parsed from them
   */
  default void messagesReceived(int count) {}

  /**
   * A message of {@code bytes} bytes was queued for one connection: a broadcast to a thousand
   * clients is a thousand calls. Called on the send path: keep it to an increment.
   *
   * @param bytes the message's framed size
   */
  default void messageSent(int bytes) {}

  /**
   * A client's call of a hub method starts running. Called on the thread that runs the method,
   * just before it; the method then runs within {@link InvocationObservation#makeCurrent()}.
   *
   * @param method the hub method's name: its Java name, or its
   *     {@link io.signet.hub.HubMethodName} (a client's call matches it ignoring case)
   * @param connectionId the calling connection's id
   * @return what learns how the call ends, or {@link InvocationObservation#NONE}
   */
  default InvocationObservation invocationStarted(String method, String connectionId) {
    return InvocationObservation.NONE;
  }

  /**
   * A client's call was answered with an error without running any method.
   *
   * @param method the hub method's name, or {@code null} when no method has the name the client
   *     sent (a name a client chose is never passed on: it would let clients create tags)
   * @param outcome why
   */
  default void invocationRefused(String method, InvocationOutcome outcome) {}
}
