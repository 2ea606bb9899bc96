package io.signet.spring;

import io.signet.server.Signet;

/**
 * Adjusts the {@link Signet.Builder} of the auto-configured {@link Signet} before it is built:
 * for what properties and beans do not cover, such as a scale-out
 * ({@code builder.scaleOut(RedisScaleOut.create(uri))}), an executor of the application's, or
 * another hub protocol. Declare one or more as beans; they run in their {@code @Order}, after the
 * {@code signet.*} properties and the application's beans have been applied.
 *
 * <p>Called once, on the thread that refreshes the application context.
 */
@FunctionalInterface
public interface SignetBuilderCustomizer {

  /**
   * Adjusts {@code builder}; hubs are already registered on it.
   *
   * @param builder the builder Signet is built from
   */
  void customize(Signet.Builder builder);
}
