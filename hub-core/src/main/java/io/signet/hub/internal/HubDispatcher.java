package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.PingMessage;
import io.signet.protocol.StreamInvocationMessage;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each parsed message of a connection: invocations to the {@link InvocationRunner}, pings
 * and closes to the session, the rest (upload streams, client results, acks) to what handles them.
 * Runs on the hub executor, one message at a time per connection.
 */
final class HubDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HubDispatcher.class);

  private final HubEndpointRuntime endpoint;
  private final InvocationRunner runner;

  HubDispatcher(HubEndpointRuntime endpoint) {
    this.endpoint = endpoint;
    this.runner = new InvocationRunner(endpoint);
  }

  /**
   * Handles one message.
   *
   * @return a stage the connection waits for before its next message, or {@code null}
   */
  CompletionStage<Void> dispatch(HubConnectionContext connection, HubMessage message) {
    if (message instanceof InvocationMessage invocation) {
      return runner.invoke(connection, invocation);
    } else if (message instanceof StreamInvocationMessage stream) {
      runner.rejectStream(connection, stream);
    } else if (message instanceof PingMessage) {
      connection.onPing();
    } else if (message instanceof CloseMessage close) {
      connection.onClientClose(close);
    } else if (message instanceof CompletionMessage completion) {
      // Neither client results nor upload streams are pending on this server; an unknown id is
      // ignored, as the protocol says.
      log.debug("Ignoring a completion for unknown id {}", completion.invocationId());
    } else {
      log.trace("Ignoring message type {}", message.type());
    }
    return null;
  }

  /** Runs {@link Hub#onConnected()}; returns what it threw, or {@code null}. */
  Throwable runOnConnected(HubConnectionContext connection) {
    try {
      endpoint.activator().create(connection, endpoint).onConnected();
      return null;
    } catch (Exception | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException t ? t.getCause() : e;
      log.warn("onConnected of {} failed for connection {}",
          endpoint.hubClass().getSimpleName(), connection.connectionId(), cause);
      return cause;
    }
  }

  /** Runs {@link Hub#onDisconnected(Throwable)}, logging what it throws. */
  void runOnDisconnected(HubConnectionContext connection, Throwable error) {
    try {
      endpoint.activator().create(connection, endpoint).onDisconnected(error);
    } catch (Exception | LinkageError e) {
      log.warn("onDisconnected of {} failed for connection {}",
          endpoint.hubClass().getSimpleName(), connection.connectionId(), e);
    }
  }
}
