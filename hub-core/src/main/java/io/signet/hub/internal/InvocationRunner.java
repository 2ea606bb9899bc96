package io.signet.hub.internal;

import io.signet.hub.Hub;
import io.signet.hub.HubException;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.StreamInvocationMessage;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one invocation: finds the method, binds the arguments, calls a fresh hub instance and turns
 * the outcome into exactly one {@code Completion} (none for a non-blocking call), with ASP.NET
 * Core's error texts.
 */
final class InvocationRunner {
  private static final Logger log = LoggerFactory.getLogger(InvocationRunner.class);

  private final HubEndpointRuntime endpoint;

  InvocationRunner(HubEndpointRuntime endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Runs {@code invocation} on the calling thread.
   *
   * @return a stage completing when the method's result is known, or {@code null} when it already is
   */
  CompletionStage<Void> invoke(HubConnectionContext connection, InvocationMessage invocation) {
    String target = invocation.target();
    String id = invocation.invocationId();
    boolean detailed = endpoint.options().enableDetailedErrors();
    HubMethod method = endpoint.methods().find(target);
    if (method == null) {
      log.debug("Unknown hub method '{}'", target);
      complete(connection, id, ErrorMessages.methodDoesNotExist(target));
      return null;
    }
    if (!invocation.streamIds().isEmpty()) {
      HubException error = new HubException(
          ErrorMessages.streamCount(invocation.streamIds().size(), 0));
      complete(connection, id, ErrorMessages.invocationFailed(target, error, detailed));
      return null;
    }
    Object[] arguments;
    try {
      arguments = ArgumentBinder.bind(method, invocation.arguments());
    } catch (InvalidMessageException e) {
      log.debug("Invocation of '{}' did not bind: {}", target, e.getMessage());
      complete(connection, id, ErrorMessages.failedToInvoke(target, e, detailed));
      return null;
    }
    Object result;
    try {
      Hub hub = endpoint.activator().create(connection, endpoint);
      result = method.method().invoke(hub, arguments);
    } catch (InvocationTargetException e) {
      fail(connection, id, target, e.getCause());
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      fail(connection, id, target, e);
      return null;
    }
    if (!method.returnsStage()) {
      if (id != null) {
        sendResult(connection, id, target, result);
      }
      return null;
    }
    if (result == null) {
      fail(connection, id, target, new NullPointerException(
          "Hub method " + method.method().getName() + " returned a null CompletionStage"));
      return null;
    }
    return ((CompletionStage<?>) result).handle((value, failure) -> {
      if (failure != null) {
        fail(connection, id, target, unwrap(failure));
      } else if (id != null) {
        sendResult(connection, id, target, value);
      }
      return null;
    });
  }

  /** No streaming methods exist yet: a StreamInvocation gets the ASP.NET error. */
  void rejectStream(HubConnectionContext connection, StreamInvocationMessage stream) {
    String target = stream.target();
    String error = endpoint.methods().find(target) == null
        ? ErrorMessages.methodDoesNotExist(target)
        : ErrorMessages.invocationWithStreaming(target);
    complete(connection, stream.invocationId(), error);
  }

  private void fail(HubConnectionContext connection, String id, String target, Throwable cause) {
    if (cause instanceof HubException) {
      log.debug("Hub method '{}' threw a HubException", target, cause);
    } else {
      log.warn("Hub method '{}' of {} failed", target, endpoint.hubClass().getSimpleName(), cause);
    }
    complete(connection, id,
        ErrorMessages.invocationFailed(target, cause, endpoint.options().enableDetailedErrors()));
  }

  private void complete(HubConnectionContext connection, String id, String error) {
    if (id != null) {
      send(connection, CompletionMessage.withError(id, error));
    }
  }

  private void sendResult(HubConnectionContext connection, String id, String target, Object value) {
    try {
      connection.writeNow(CompletionMessage.withResult(id, value));
    } catch (RuntimeException e) {
      fail(connection, id, target, e); // the result could not be serialised
    }
  }

  private static void send(HubConnectionContext connection, CompletionMessage completion) {
    connection.writeNow(completion);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException
            || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
