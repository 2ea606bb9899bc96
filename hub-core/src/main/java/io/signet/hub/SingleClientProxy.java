package io.signet.hub;

import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

/**
 * One client connection, which can also be asked for a result (SignalR's client results): the
 * server invokes a client method and awaits the value the client's handler returns.
 */
public interface SingleClientProxy extends ClientProxy {

  /**
   * Invokes {@code method} on the client and waits for its result, without blocking.
   *
   * <p>The stage fails with a {@link HubException} carrying the client's error (for example when it
   * has no handler for {@code method}), an {@link java.io.IOException} when the connection does
   * not exist or ends first, a {@link java.util.concurrent.TimeoutException} after the hub's
   * {@code clientResultTimeout}, and an {@link IllegalStateException} when called from a hub
   * method while {@code maximumParallelInvocationsPerClient} is 1 (the client's answer could never
   * be read while the method waits).
   *
   * @param <T> the result's type
   * @param method the name of the client's handler
   * @param resultType the type the result is bound to, for example {@code String.class}
   * @param arguments its arguments
   * @return completes with the client's result, bound to {@code resultType}
   */
  <T> CompletionStage<T> invoke(String method, Class<T> resultType, Object... arguments);

  /**
   * As {@link #invoke(String, Class, Object...)}, for generic result types.
   *
   * @param <T> the result's type
   * @param method the name of the client's handler
   * @param resultType the type the result is bound to, for example a {@code ParameterizedType}
   * @param arguments its arguments
   * @return completes with the client's result, bound to {@code resultType}
   */
  <T> CompletionStage<T> invoke(String method, Type resultType, Object... arguments);
}
