package io.signet.hub.internal;

import io.signet.hub.SingleClientProxy;
import io.signet.hub.scaleout.HubLifetimeManager;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** One connection: sends, and client results through the lifetime manager. Immutable. */
final class DefaultSingleClientProxy implements SingleClientProxy {
  private final HubLifetimeManager manager;
  private final String connectionId;
  private final Duration timeout;
  private final Supplier<String> resultsRefusal;

  /**
   * @param resultsRefusal why client results are refused at the time of the call, or a supplier
   *     of {@code null} when they are allowed
   */
  DefaultSingleClientProxy(HubLifetimeManager manager, String connectionId, Duration timeout,
      Supplier<String> resultsRefusal) {
    this.manager = manager;
    this.connectionId = connectionId;
    this.timeout = timeout;
    this.resultsRefusal = resultsRefusal;
  }

  @Override
  public CompletionStage<Void> send(String method, Object... arguments) {
    if (connectionId == null) {
      return CompletableFuture.failedFuture(new NullPointerException("connectionId == null"));
    }
    List<String> ids = List.of(connectionId);
    return DefaultHubClients.proxy(message -> manager.sendConnections(ids, message))
        .send(method, arguments);
  }

  @Override
  public <T> CompletionStage<T> invoke(String method, Class<T> resultType, Object... arguments) {
    return invoke(method, (Type) resultType, arguments);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletionStage<T> invoke(String method, Type resultType, Object... arguments) {
    String refusal = resultsRefusal.get();
    if (refusal != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(refusal));
    }
    if (connectionId == null) {
      return CompletableFuture.failedFuture(new NullPointerException("connectionId == null"));
    }
    if (method == null || method.isEmpty() || resultType == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("method and resultType are required"));
    }
    List<Object> args = arguments == null ? List.of() : Arrays.asList(arguments);
    return (CompletionStage<T>) manager.invokeConnection(
        connectionId, method, args, resultType, timeout);
  }
}
