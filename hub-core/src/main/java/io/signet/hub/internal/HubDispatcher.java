package io.signet.hub.internal;

import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.HubException;
import io.signet.hub.HubLifetimeContext;
import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each parsed message of a connection: invocations to the {@link InvocationRunner}, stream
 * items and completions to upload streams and pending client results, cancels to running streams,
 * pings, closes and acks to the session (a {@code Sequence} was taken by the drain already). Runs one message at a time per connection: on the hub executor,
 * or for messages that {@linkplain #runsInline run inline} on the thread that read them.
 */
final class HubDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HubDispatcher.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final HubEndpointRuntime<?> endpoint;
  private final InvocationRunner runner;
  private final boolean inlineInvocations; // filters are application code: never inline
  private final MessageLimits messageLimits;

  /**
   * @throws IllegalArgumentException naming the method when a hub method takes more arguments
   *     than {@code maximumArgumentCount} lets a client send: no call of it could ever bind
   */
  HubDispatcher(HubEndpointRuntime<?> endpoint) {
    this.endpoint = endpoint;
    this.runner = new InvocationRunner(endpoint);
    this.inlineInvocations = endpoint.options().filters().isEmpty();
    this.messageLimits = new MessageLimits(endpoint.options().maximumReceiveMessageSize(),
        endpoint.options().maximumNestingDepth(), endpoint.options().maximumArgumentCount());
    for (HubMethod method : endpoint.methods().methods()) {
      if (method.argumentCount() > messageLimits.maximumArgumentCount()) {
        throw new IllegalArgumentException("Hub method " + endpoint.hubClass().getName() + "."
            + method.method().getName() + " takes " + method.argumentCount()
            + " arguments, more than maximumArgumentCount ("
            + messageLimits.maximumArgumentCount() + ") lets a client send");
      }
    }
  }

  /** What a message of this hub's clients may be: size, nesting depth, argument count. */
  MessageLimits messageLimits() {
    return messageLimits;
  }

  /**
   * Whether {@code message} may be handled on the thread that read it (a transport thread) rather
   * than on the hub executor: a ping, an ack or a sequence, or a plain invocation of a
   * {@link io.signet.hub.NonBlocking} method (or of no method: the error answer is Signet's own)
   * while the hub has no filters.
   */
  boolean runsInline(HubMessage message) {
    if (message instanceof PingMessage || message instanceof AckMessage
        || message instanceof SequenceMessage) {
      return true;
    }
    if (!inlineInvocations || !(message instanceof InvocationMessage invocation)
        || !invocation.streamIds().isEmpty()) {
      return false;
    }
    HubMethod method = endpoint.methods().find(invocation.target());
    return method == null || (method.nonBlocking() && !method.isStreaming());
  }

  /**
   * Handles one message.
   *
   * @return {@code null} to go on with the next message, or a gate the connection waits for
   *     first (an upload stream's buffer is full)
   */
  CompletionStage<Void> dispatch(HubConnectionContext connection, HubMessage message) {
    if (message instanceof InvocationMessage invocation) {
      return invoke(connection, invocation);
    } else if (message instanceof StreamInvocationMessage stream) {
      InvocationRunner.Call call = runner.prepare(connection, stream.invocationId(),
          stream.target(), stream.arguments(), stream.streamIds(), true);
      if (call != null) {
        runner.stream(connection, stream.invocationId(), stream.target(), call);
      }
    } else if (message instanceof StreamItemMessage item) {
      return streamItem(connection, item);
    } else if (message instanceof CompletionMessage completion) {
      completion(connection, completion);
    } else if (message instanceof CancelInvocationMessage cancel) {
      connection.openCallsIfAny().cancelStream(cancel.invocationId());
    } else if (message instanceof PingMessage) {
      connection.onPing();
    } else if (message instanceof CloseMessage close) {
      connection.onClientClose(close);
    } else if (message instanceof AckMessage ack) {
      connection.onAck(ack);
    } else if (message instanceof SequenceMessage) {
      log.trace("Sequence of connection {} taken", connection.connectionId()); // by the drain
    } else {
      log.trace("Ignoring message type {}", message.type());
    }
    return null;
  }

  private CompletionStage<Void> invoke(HubConnectionContext connection, InvocationMessage message) {
    String id = message.invocationId();
    String target = message.target();
    InvocationRunner.Call call = runner.prepare(
        connection, id, target, message.arguments(), message.streamIds(), false);
    if (call == null) {
      return null;
    }
    if (!call.uploads().isEmpty()) {
      // It reads streams that arrive through this very connection: run it in the background.
      runInBackground(connection, () -> runner.invoke(connection, id, target, call));
      return null;
    }
    if (endpoint.options().maximumParallelInvocationsPerClient() == 1
        || (inlineInvocations && call.method().nonBlocking())) {
      // In turn, on this thread: nothing else of this connection runs meanwhile, or the method
      // returns at once (a stage it returns holds the slot until it completes).
      connection.slots().occupy(runner.invoke(connection, id, target, call));
    } else {
      connection.slots().occupy(runInBackground(connection,
          () -> runner.invoke(connection, id, target, call)));
    }
    return null;
  }

  private CompletionStage<Void> runInBackground(
      HubConnectionContext connection, java.util.function.Supplier<CompletionStage<Void>> task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      endpoint.executor().execute(() -> connection.withLogContext(() -> {
        try {
          task.get().whenComplete((ignored, failure) -> done.complete(null));
        } catch (RuntimeException | Error e) {
          done.complete(null);
          throw e;
        }
      }));
    } catch (RejectedExecutionException e) {
      warnings.warn("Hub executor saturated: a call was lost",
          "connection " + connection.connectionId());
      done.complete(null);
    }
    return done;
  }

  private CompletionStage<Void> streamItem(HubConnectionContext connection, StreamItemMessage item) {
    UploadStream upload = connection.openCallsIfAny().upload(item.invocationId());
    if (upload == null) {
      log.debug("Ignoring a stream item for unknown stream {}", item.invocationId());
      return null;
    }
    Object value;
    try {
      value = ArgumentBinder.bindOne(item.item(), upload.itemType());
    } catch (InvalidMessageException e) {
      connection.openCalls().removeUpload(upload.streamId());
      upload.end(new HubException("A stream item does not bind to "
          + upload.itemType().getTypeName() + "."));
      return null;
    }
    return upload.offer(value);
  }

  private void completion(HubConnectionContext connection, CompletionMessage completion) {
    UploadStream upload = connection.openCallsIfAny().upload(completion.invocationId());
    if (upload != null) {
      connection.openCalls().removeUpload(upload.streamId());
      upload.end(completion.error() == null ? null : new HubException(completion.error()));
      return;
    }
    PendingResult pending = connection.openCallsIfAny().takeResult(completion.invocationId());
    if (pending != null) {
      pending.complete(completion);
      return;
    }
    // Neither an upload stream nor a client result: ignored, as the protocol says.
    log.debug("Ignoring a completion for unknown id {}", completion.invocationId());
  }

  /** Runs {@code onConnected} through the filters; returns what it threw, or {@code null}. */
  Throwable runOnConnected(HubConnectionContext connection) {
    connection.inLifecycleCallback(true);
    try {
      HubLifetimeContext context = new HubLifetimeContext(
          endpoint.activator().create(connection, endpoint), connection);
      endpoint.filters().onConnected(context, ctx -> ctx.hub().onConnected());
      return null;
    } catch (Exception | LinkageError e) {
      warnings.warn("onConnected of " + endpoint.hubClass().getSimpleName() + " failed",
          "connection " + connection.connectionId(), e);
      return e;
    } finally {
      connection.inLifecycleCallback(false);
    }
  }

  /** Runs {@code onDisconnected} through the filters, logging what it throws. */
  void runOnDisconnected(HubConnectionContext connection, Throwable error) {
    connection.inLifecycleCallback(true);
    try {
      HubLifetimeContext context = new HubLifetimeContext(
          endpoint.activator().create(connection, endpoint), connection);
      endpoint.filters().onDisconnected(context, error,
          (ctx, cause) -> ctx.hub().onDisconnected(cause));
    } catch (Exception | LinkageError e) {
      warnings.warn("onDisconnected of " + endpoint.hubClass().getSimpleName() + " failed",
          "connection " + connection.connectionId(), e);
    }
    // Left set: the connection has ended, and no call of its hub runs after onDisconnected.
  }
}
