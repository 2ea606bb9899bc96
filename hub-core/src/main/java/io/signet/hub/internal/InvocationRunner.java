package io.signet.hub.internal;

import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.Hub;
import io.signet.hub.HubException;
import io.signet.hub.HubInvocationContext;
import io.signet.observe.HubObserver;
import io.signet.observe.InvocationObservation;
import io.signet.observe.InvocationOutcome;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.InvalidMessageException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call: finds the method, binds the arguments (and upload streams), calls a fresh hub
 * instance through the filters, and turns the outcome into exactly one {@code Completion} (none
 * for a non-blocking call), or into a stream of items for a streaming method. Error texts are
 * ASP.NET Core's.
 */
final class InvocationRunner {
  private static final Logger log = LoggerFactory.getLogger(InvocationRunner.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final HubEndpointRuntime<?> endpoint;

  InvocationRunner(HubEndpointRuntime<?> endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * A call about to run: the method, its bound arguments, and its upload streams (already
   * registered with the connection, so that items right behind the invocation find them).
   */
  /**
   * Shared by every call that finished on its thread: callers only attach actions (which run at
   * once) or ask whether it is done, never complete it.
   */
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  record Call(HubMethod method, Object[] arguments, List<UploadStream> uploads) {}

  /**
   * Resolves and binds an invocation, answering the client itself when that fails.
   *
   * @param streaming whether it came as a StreamInvocation
   * @return the call, or {@code null} when it was answered with an error
   */
  Call prepare(HubConnectionContext connection, String id, String target, List<Object> arguments,
      List<String> streamIds, boolean streaming) {
    boolean detailed = endpoint.options().enableDetailedErrors();
    HubMethod method = endpoint.methods().find(target);
    HubObserver observer = connection.observer();
    if (method == null) {
      log.debug("Unknown hub method '{}'", target);
      observer.invocationRefused(null, InvocationOutcome.UNKNOWN_METHOD);
      complete(connection, id, ErrorMessages.methodDoesNotExist(target));
      return null;
    }
    if (method.isStreaming() != streaming) {
      observer.invocationRefused(method.name(), InvocationOutcome.BINDING_FAILURE);
      complete(connection, id, streaming ? ErrorMessages.invocationWithStreaming(target)
          : ErrorMessages.streamingWithInvocation(target));
      return null;
    }
    String refusal = endpoint.authorization().refusal(method, connection, target);
    if (refusal != null) {
      observer.invocationRefused(method.name(), InvocationOutcome.UNAUTHORIZED);
      complete(connection, id, refusal);
      return null;
    }
    if (streamIds.size() != method.streamParameters().size()) {
      observer.invocationRefused(method.name(), InvocationOutcome.BINDING_FAILURE);
      HubException error = new HubException(
          ErrorMessages.streamCount(streamIds.size(), method.streamParameters().size()));
      complete(connection, id, ErrorMessages.invocationFailed(target, error,
          endpoint.options().enableDetailedErrors()));
      return null;
    }
    int streamLimit = endpoint.options().maximumOpenStreams();
    if (!streamIds.isEmpty()
        && connection.openCallsIfAny().openStreams() + streamIds.size() > streamLimit) {
      observer.invocationRefused(method.name(), InvocationOutcome.REFUSED);
      complete(connection, id, tooManyStreams(streamLimit));
      return null;
    }
    List<UploadStream> uploads = streamIds.isEmpty() ? List.of() : new ArrayList<>();
    for (int i = 0; i < streamIds.size(); i++) {
      uploads.add(new UploadStream(streamIds.get(i), method.streamItemTypes().get(i),
          endpoint.options().streamBufferCapacity(), endpoint.executor()));
    }
    try {
      Call call = new Call(method, ArgumentBinder.bind(method, arguments, uploads), uploads);
      if (!uploads.isEmpty()) {
        uploads.forEach(connection.openCalls()::addUpload);
      }
      return call;
    } catch (InvalidMessageException e) {
      logBindingFailure(target, e);
      observer.invocationRefused(method.name(), InvocationOutcome.BINDING_FAILURE);
      complete(connection, id, ErrorMessages.failedToInvoke(target, e, detailed));
      return null;
    }
  }

  /** Which argument did not bind and why, in classes: the binder's texts quote the value. */
  private static void logBindingFailure(String target, InvalidMessageException e) {
    if (!log.isDebugEnabled()) {
      return;
    }
    if (e instanceof ArgumentBinder.BindingFailure failure) {
      log.debug("Invocation of '{}' did not bind: argument {} to {} ({})", target,
          failure.argument(), failure.type().getTypeName(), LoggedFailures.classes(failure));
    } else {
      log.debug("Invocation of '{}' did not bind: {}", target, e.getMessage()); // counts only
    }
  }

  /**
   * Runs a prepared non-streaming call on the calling thread and answers it.
   *
   * @return a stage completing when the answer was sent
   */
  CompletionStage<Void> invoke(HubConnectionContext connection, String id, String target,
      Call call) {
    CompletionStage<Void> answered = answer(connection, id, target, call);
    if (call.uploads().isEmpty()) {
      return answered;
    }
    // When the method is done, its upload streams are finished: later items are dropped.
    answered.whenComplete((ignored, failure) -> call.uploads().forEach(upload -> {
      connection.openCalls().removeUpload(upload.streamId());
      upload.end(null);
    }));
    return answered;
  }

  private CompletionStage<Void> answer(HubConnectionContext connection, String id, String target,
      Call call) {
    InvocationObservation observation =
        connection.observer().invocationStarted(call.method().name(), connection.connectionId());
    Object result;
    try (InvocationObservation.Scope ignored = observation.makeCurrent()) {
      result = run(connection, call);
    } catch (Throwable e) {
      observation.ended(InvocationOutcome.ERROR, e);
      fail(connection, id, target, e);
      return done();
    }
    if (!call.method().returnsStage()) {
      observation.ended(InvocationOutcome.SUCCESS, null);
      if (id != null) {
        sendResult(connection, id, target, result);
      }
      return done();
    }
    if (result == null) {
      NullPointerException failure = new NullPointerException(
          "Hub method " + call.method().method().getName() + " returned a null CompletionStage");
      observation.ended(InvocationOutcome.ERROR, failure);
      fail(connection, id, target, failure);
      return done();
    }
    return ((CompletionStage<?>) result).handle((value, failure) -> {
      if (failure != null) {
        Throwable cause = unwrap(failure);
        observation.ended(InvocationOutcome.ERROR, cause);
        fail(connection, id, target, cause);
      } else {
        observation.ended(InvocationOutcome.SUCCESS, null);
        if (id != null) {
          sendResult(connection, id, target, value);
        }
      }
      return null;
    });
  }

  /** Runs a prepared streaming call and starts sending its items. */
  void stream(HubConnectionContext connection, String id, String target, Call call) {
    boolean detailed = endpoint.options().enableDetailedErrors();
    StreamSender sender = new StreamSender(connection, id, detailed);
    String refusal = startStream(connection, id, sender);
    if (refusal != null) {
      call.uploads().forEach(upload -> connection.openCalls().removeUpload(upload.streamId()));
      connection.observer().invocationRefused(call.method().name(), InvocationOutcome.REFUSED);
      complete(connection, id, refusal);
      return;
    }
    InvocationObservation observation =
        connection.observer().invocationStarted(call.method().name(), connection.connectionId());
    Flow.Publisher<Object> publisher;
    try (InvocationObservation.Scope ignored = observation.makeCurrent()) {
      publisher = IteratorPublisher.of(run(connection, call), endpoint.executor());
    } catch (Throwable e) {
      observation.ended(InvocationOutcome.ERROR, e);
      connection.openCalls().streamEnded(id);
      fail(connection, id, target, e);
      return;
    }
    if (publisher == null) {
      observation.ended(InvocationOutcome.ERROR, null);
      connection.openCalls().streamEnded(id);
      complete(connection, id, "The value returned by the streaming method '" + target
          + "' is not a ChannelReader<> or IAsyncEnumerable<>.");
      return;
    }
    sender.observedBy(observation);
    publisher.subscribe(sender);
  }

  /** Registers a stream to the client; returns why it was refused, or {@code null}. */
  private String startStream(HubConnectionContext connection, String id, StreamSender sender) {
    int limit = endpoint.options().maximumOpenStreams();
    if (connection.openCalls().openStreams() >= limit) {
      return tooManyStreams(limit);
    }
    return connection.openCalls().startStream(id, sender)
        ? null : "Invocation ID '" + id + "' is already in use.";
  }

  private static String tooManyStreams(int limit) {
    return "Cannot open more than " + limit + " streams on one connection.";
  }

  /** Creates the hub and calls the method through the filters. */
  private Object run(HubConnectionContext connection, Call call) throws Throwable {
    Hub hub = endpoint.activator().create(connection, endpoint);
    if (endpoint.filters().isEmpty()) {
      try {
        return call.method().method().invoke(hub, call.arguments());
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
    HubInvocationContext invocation = new HubInvocationContext(hub, connection,
        call.method().name(), call.method().method(), java.util.Arrays.asList(call.arguments()));
    try {
      return endpoint.filters().invoke(invocation, ctx -> {
        try {
          return call.method().method().invoke(ctx.hub(), ctx.arguments().toArray());
        } catch (InvocationTargetException e) {
          throw rethrowable(e.getCause());
        }
      });
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Exception rethrowable(Throwable cause) {
    if (cause instanceof Exception exception) {
      return exception;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new ExecutionException(cause);
  }

  private void fail(HubConnectionContext connection, String id, String target, Throwable cause) {
    if (cause instanceof HubException) {
      log.debug("Hub method '{}' threw a HubException", target, cause);
    } else {
      warnings.warn("Hub method '" + target + "' of " + endpoint.hubClass().getSimpleName()
          + " failed", "connection " + connection.connectionId(), cause);
    }
    complete(connection, id,
        ErrorMessages.invocationFailed(target, cause, endpoint.options().enableDetailedErrors()));
  }

  private void sendResult(HubConnectionContext connection, String id, String target, Object value) {
    try {
      connection.writeNow(CompletionMessage.withResult(id, value));
    } catch (RuntimeException e) {
      fail(connection, id, target, e); // the result could not be serialised
    }
  }

  void complete(HubConnectionContext connection, String id, String error) {
    if (id != null) {
      connection.writeNow(CompletionMessage.withError(id, error));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static CompletionStage<Void> done() {
    return DONE;
  }
}
