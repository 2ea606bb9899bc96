package io.signet.client;

import java.time.Duration;

/**
 * When automatic reconnect tries again after the connection was lost, as the official clients'
 * {@code IRetryPolicy}.
 */
@FunctionalInterface
public interface RetryPolicy {

  /**
   * The delay before the next attempt.
   *
   * @param context how many attempts failed so far, for how long, and why
   * @return the delay, or {@code null} to stop reconnecting (the connection then closes with the
   *     error that ended it)
   */
  Duration nextRetryDelay(RetryContext context);

  /**
   * The official clients' default: attempts after 0, 2, 10 and 30 seconds, then none.
   *
   * @return the policy
   */
  static RetryPolicy defaultPolicy() {
    return delays(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(30));
  }

  /**
   * One attempt after each delay, in order, then none.
   *
   * @param delays the delays, none negative
   * @return the policy
   */
  static RetryPolicy delays(Duration... delays) {
    Duration[] copy = delays.clone();
    for (Duration delay : copy) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("Retry delays must be zero or positive: " + delay);
      }
    }
    return context -> context.previousRetryCount() < copy.length
        ? copy[(int) context.previousRetryCount()] : null;
  }

  /**
   * What a {@link RetryPolicy} decides on.
   *
   * @param previousRetryCount the attempts that failed so far in this reconnect
   * @param elapsed the time since the connection was lost
   * @param retryReason the error that ended the connection or failed the last attempt
   */
  record RetryContext(long previousRetryCount, Duration elapsed, Throwable retryReason) {}
}
