package io.signet.hub;

/**
 * Code around every hub method call, {@code onConnected} and {@code onDisconnected}: logging,
 * validation, metrics, authorization. Filters run in the order added, global ones (on every hub's
 * options) before those of one hub, each calling {@code next} to go on. A filter may read the
 * arguments, short-circuit by returning or throwing instead of calling {@code next} (a thrown
 * {@link HubException}'s message reaches the caller), and see what the call threw.
 *
 * <p>Implementations are shared by all connections and must be thread-safe. Filters run on the hub
 * executor, on the thread of the call they wrap.
 */
public interface HubFilter {

  /**
   * Wraps a hub method call.
   *
   * @param invocation the call
   * @param next runs the rest of the chain and the method
   * @return the hub method's return value as {@code next} gave it (a value, {@code null}, a
   *     {@code CompletionStage} or a stream), or a replacement
   * @throws Exception anything the method or a filter threw, which the caller sees as an error
   */
  default Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
      throws Exception {
    return next.invoke(invocation);
  }

  /**
   * Wraps {@link Hub#onConnected()}. Throwing ends the connection with an error.
   *
   * @param context the connection
   * @param next runs the rest of the chain and the hub's {@code onConnected}
   * @throws Exception anything, which ends the connection
   */
  default void onConnected(HubLifetimeContext context, LifetimeNext next) throws Exception {
    next.proceed(context);
  }

  /**
   * Wraps {@link Hub#onDisconnected(Throwable)}.
   *
   * @param context the connection
   * @param error why it ended, or {@code null} for a normal close
   * @param next runs the rest of the chain and the hub's {@code onDisconnected}
   * @throws Exception anything, which is logged
   */
  default void onDisconnected(HubLifetimeContext context, Throwable error, DisconnectNext next)
      throws Exception {
    next.proceed(context, error);
  }

  /** The rest of the chain of a hub method call. */
  @FunctionalInterface
  interface InvocationNext {
    /**
     * Runs the remaining filters and the hub method; returns what the method returned.
     *
     * @param invocation the call, possibly another than the filter got
     * @return what the method returned
     * @throws Exception what the method or a later filter threw
     */
    Object invoke(HubInvocationContext invocation) throws Exception;
  }

  /** The rest of the chain of {@code onConnected}. */
  @FunctionalInterface
  interface LifetimeNext {
    /**
     * Runs the remaining filters and the hub's {@code onConnected}.
     *
     * @param context the connection
     * @throws Exception what the hub or a later filter threw
     */
    void proceed(HubLifetimeContext context) throws Exception;
  }

  /** The rest of the chain of {@code onDisconnected}. */
  @FunctionalInterface
  interface DisconnectNext {
    /**
     * Runs the remaining filters and the hub's {@code onDisconnected}.
     *
     * @param context the connection
     * @param error why it ended, or {@code null}
     * @throws Exception what the hub or a later filter threw
     */
    void proceed(HubLifetimeContext context, Throwable error) throws Exception;
  }
}
