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
   * @return the hub method's return value as {@code next} gave it (a value, {@code null}, a
   *     {@code CompletionStage} or a stream), or a replacement
   */
  default Object invokeMethod(HubInvocationContext invocation, InvocationNext next)
      throws Exception {
    return next.invoke(invocation);
  }

  /** Wraps {@link Hub#onConnected()}. Throwing ends the connection with an error. */
  default void onConnected(HubLifetimeContext context, LifetimeNext next) throws Exception {
    next.proceed(context);
  }

  /** Wraps {@link Hub#onDisconnected(Throwable)}. */
  default void onDisconnected(HubLifetimeContext context, Throwable error, DisconnectNext next)
      throws Exception {
    next.proceed(context, error);
  }

  /** The rest of the chain of a hub method call. */
  @FunctionalInterface
  interface InvocationNext {
    /** Runs the remaining filters and the hub method; returns what the method returned. */
    Object invoke(HubInvocationContext invocation) throws Exception;
  }

  /** The rest of the chain of {@code onConnected}. */
  @FunctionalInterface
  interface LifetimeNext {
    /** Runs the remaining filters and the hub's {@code onConnected}. */
    void proceed(HubLifetimeContext context) throws Exception;
  }

  /** The rest of the chain of {@code onDisconnected}. */
  @FunctionalInterface
  interface DisconnectNext {
    /** Runs the remaining filters and the hub's {@code onDisconnected}. */
    void proceed(HubLifetimeContext context, Throwable error) throws Exception;
  }
}
