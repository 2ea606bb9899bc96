package io.signet.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Per-connection warnings under abuse: one line per cause and minute, the first with its error,
 * then the count of the rest.
 */
class WarningLimiterTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private record Line(String text, Throwable error) {}

  private final List<Line> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final WarningLimiter limiter =
      new WarningLimiter((text, error) -> lines.add(new Line(text, error)), MINUTE, now::get);

  @Test
  void theFirstFailureOfAMinuteCarriesItsErrorAndTheRestAreCounted() {
    IllegalStateException first = new IllegalStateException("first");
    limiter.warn("Hub method 'send' of ChatHub failed", "connection a", first);
    for (int i = 0; i < 500; i++) {
      limiter.warn("Hub method 'send' of ChatHub failed", "connection b" + i,
          new IllegalStateException("again"));
    }
    limiter.warn("Closing a connection: its outbound buffer is full", "connection c");

    now.addAndGet(MINUTE.toNanos());
    limiter.flush();

    assertThat(lines).containsExactly(
        new Line("Hub method 'send' of ChatHub failed: connection a", first),
        new Line("Closing a connection: its outbound buffer is full: connection c", null),
        new Line("Hub method 'send' of ChatHub failed: 500 more since the last such line, "
            + "the last connection b499", null));
  }

  @Test
  void aCauseQuietForAMinuteIsWrittenAtOnceAgain() {
    limiter.warn("Closing a connection: the hub executor is saturated", "connection a");
    now.addAndGet(MINUTE.toNanos());
    limiter.flush(); // nothing held back: the cause is forgotten

    limiter.warn("Closing a connection: the hub executor is saturated", "connection b");

    assertThat(lines).extracting(Line::text).containsExactly(
        "Closing a connection: the hub executor is saturated: connection a",
        "Closing a connection: the hub executor is saturated: connection b");
  }
}
