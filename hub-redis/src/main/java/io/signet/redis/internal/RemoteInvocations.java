package io.signet.redis.internal;

import io.signet.hub.HubException;
import io.signet.hub.scaleout.LocalHubLifetimeManager;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.UnboundValue;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Client results across nodes. The asking node publishes the invocation, serialised in the hub
 * protocol, on the connection's channel; the node holding the connection invokes it there and
 * answers with the client's completion, serialised the same way, which the asking node binds to
 * the requested type. Failures keep their kind: the client's error, the connection missing or
 * gone, a timeout.
 */
final class RemoteInvocations {
  private final LocalHubLifetimeManager local;
  private final HubProtocol protocol;
  private final String node;
  private final RemoteRequests requests;
  private final BiFunction<String, Envelope, CompletionStage<Long>> publisher;

  RemoteInvocations(LocalHubLifetimeManager local, HubProtocol protocol, String node,
      RemoteRequests requests, BiFunction<String, Envelope, CompletionStage<Long>> publisher) {
    this.local = local;
    this.protocol = protocol;
    this.node = node;
    this.requests = requests;
    this.publisher = publisher;
  }

  /** Asks the node holding {@code connectionId} (listening on {@code channel}) for a result. */
  CompletionStage<Object> invoke(String channel, String connectionId, String method,
      List<Object> arguments, Type resultType, Duration timeout) {
    byte[] payload;
    try {
      payload = protocol.writeMessage(InvocationMessage.nonBlocking(method, arguments));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // an argument could not be serialised
    }
    long id = requests.nextId();
    CompletableFuture<Envelope> answer = requests.await(id, timeout,
        "The client did not answer '" + method + "' within " + timeout.toMillis() + " ms.");
    Envelope request = Envelope.request(Envelope.Kind.INVOKE, node, id, List.of(),
        Long.toString(timeout.toMillis()), protocol.name(), payload);
    publisher.apply(channel, request).whenComplete((receivers, failure) -> {
      if (failure != null) {
        requests.failed(id, new IOException("Redis is unreachable", failure));
      } else if (receivers == 0) {
        requests.failed(id, new IOException("Connection '" + connectionId + "' does not exist."));
      }
    });
    return answer.thenApply(envelope -> bind(envelope, connectionId, resultType));
  }

  /** Serves an invocation from another node on a local connection; completes with the answer. */
  CompletionStage<Envelope> serve(String connectionId, Envelope request) {
    InvocationMessage invocation;
    Duration timeout;
    List<Object> arguments;
    try {
      invocation = parse(request.payload(), InvocationMessage.class);
      timeout = Duration.ofMillis(Long.parseLong(request.text()));
      // Read here in JSON, perhaps written to the connection in another protocol: plain values
      // (maps, lists, strings, numbers) serialise in any.
      arguments = new ArrayList<>(invocation.arguments().size());
      for (Object argument : invocation.arguments()) {
        arguments.add(argument instanceof UnboundValue unbound
            ? unbound.bind(Object.class) : argument);
      }
    } catch (InvalidMessageException | RuntimeException e) {
      return CompletableFuture.completedFuture(
          failure(request, Envelope.Status.FAILED, "Bad invocation: " + e.getMessage()));
    }
    return local.invokeConnection(connectionId, invocation.target(), arguments,
        Object.class, timeout).handle((value, failure) -> {
          if (failure == null) {
            byte[] completion = protocol.writeMessage(CompletionMessage.withResult("0", value));
            return Envelope.answer(Envelope.Kind.RESULT, node, request.requestId(),
                Envelope.Status.OK, "", protocol.name(), completion);
          }
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          Envelope.Status status = cause instanceof HubException ? Envelope.Status.CLIENT_ERROR
              : cause instanceof IOException ? Envelope.Status.NO_CONNECTION
              : cause instanceof TimeoutException ? Envelope.Status.TIMEOUT
              : Envelope.Status.FAILED;
          return failure(request, status, String.valueOf(cause.getMessage()));
        });
  }

  private Envelope failure(Envelope request, Envelope.Status status, String text) {
    return Envelope.answer(Envelope.Kind.RESULT, node, request.requestId(), status, text, "",
        new byte[0]);
  }

  private Object bind(Envelope answer, String connectionId, Type resultType) {
    if (answer == null) {
      throw new CompletionException(
          new IOException("Connection '" + connectionId + "' does not exist."));
    }
    switch (answer.status()) {
      case OK -> {
        try {
          CompletionMessage completion = parse(answer.payload(), CompletionMessage.class);
          Object raw = completion.hasResult() ? completion.result() : null;
          return raw instanceof UnboundValue unbound ? unbound.bind(resultType) : raw;
        } catch (InvalidMessageException e) {
          throw new CompletionException(new HubException(
              "The client's result does not bind to " + resultType.getTypeName() + ".", e));
        }
      }
      case CLIENT_ERROR -> throw new CompletionException(new HubException(answer.text()));
      case NO_CONNECTION -> throw new CompletionException(new IOException(answer.text()));
      case TIMEOUT -> throw new CompletionException(new TimeoutException(answer.text()));
      default -> throw new CompletionException(new IllegalStateException(answer.text()));
    }
  }

  private <M extends HubMessage> M parse(byte[] payload, Class<M> type)
      throws InvalidMessageException {
    List<HubMessage> messages = new ArrayList<>(1);
    protocol.parseMessages(ByteBuffer.wrap(payload), 0, messages);
    if (messages.size() != 1 || !type.isInstance(messages.get(0))) {
      throw new InvalidMessageException("Expected one " + type.getSimpleName());
    }
    return type.cast(messages.get(0));
  }
}
