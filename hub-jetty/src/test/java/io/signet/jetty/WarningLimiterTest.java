package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.internal.WarningLimiter;
import io.signet.server.Signet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Warnings under abuse: one line per cause and interval, with the count of the rest. */
class WarningLimiterTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final List<String> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final WarningLimiter limiter = new WarningLimiter((line, error) -> lines.add(line), MINUTE, now::get);

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void theFirstOfACauseIsWrittenAndTheRestOfTheIntervalCounted() {
    for (int i = 1; i <= 1000; i++) {
      limiter.warn("Closed a slow connection", "from client " + i);
    }
    limiter.flush(); // the interval is not over: nothing yet

    assertThat(lines).containsExactly("Closed a slow connection: from client 1");

    advance(MINUTE);
    limiter.flush();

    assertThat(lines).containsExactly("Closed a slow connection: from client 1",
        "Closed a slow connection: 999 more since the last such line, the last from client 1000");
  }

  @Test
  void aFloodThatGoesOnLeavesOneLinePerInterval() {
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 100; i++) {
        limiter.warn("Accept failed", "Too many open files");
        advance(Duration.ofMillis(500));
      }
      limiter.flush();
      advance(Duration.ofSeconds(10));
    }

    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("Accept failed: Too many open files");
    assertThat(lines.subList(1, 5)).allSatisfy(line -> assertThat(line)
        .startsWith("Accept failed: Too many open files (and 99 more since the last such line)")
        .doesNotContain("more since the last such line, the last"));
  }

  @Test
  void causesAreLimitedSeparately() {
    limiter.warn("Accept failed", "a");
    limiter.warn("Closed a slow connection", "b");
    limiter.warn("Accept failed", "c");

    assertThat(lines).containsExactly("Accept failed: a", "Closed a slow connection: b");
  }

  @Test
  void aCauseQuietForAnIntervalIsWrittenAtOnceWhenItComesBack() {
    limiter.warn("Accept failed", "first");
    advance(MINUTE);
    limiter.flush(); // nothing held back: forgotten
    advance(Duration.ofSeconds(1));
    limiter.warn("Accept failed", "again");

    assertThat(lines).containsExactly("Accept failed: first", "Accept failed: again");
  }

  @Test
  void theNextWarningAfterTheIntervalCarriesTheCountHeldBack() {
    limiter.warn("Accept failed", "1");
    limiter.warn("Accept failed", "2");
    limiter.warn("Accept failed", "3");
    advance(MINUTE);
    limiter.warn("Accept failed", "4");

    assertThat(lines).containsExactly("Accept failed: 1",
        "Accept failed: 4 (and 2 more since the last such line)");
  }

  @Test
  void theServersFailedAcceptsGoThroughTheLimit() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Signet signet = Signet.builder().hub(EchoHub.class).build();
    SignetServer server = SignetServer.builder().host("127.0.0.1").port(0).signet(signet)
        .warningSink(warnings::add).start();
    try {
      GuardedConnector connector = (GuardedConnector) server.connector();
      // What accept() throws when the process is out of file descriptors; each call pauses 1 s,
      // as Jetty's own handling does, so that accepting does not spin.
      for (int i = 0; i < 2; i++) {
        assertThat(connector.handleAcceptFailure(new IOException("Too many open files")))
            .as("the acceptor goes on").isTrue();
      }

      assertThat(warnings).containsExactly(
          "Accepting a connection failed, java.io.IOException: Too many open files");
    } finally {
      server.close();
    }
  }
}
