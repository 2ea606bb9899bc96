package io.signet.examples.groupchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sign-in limits, on a clock the test moves. */
class SignInThrottleTest {
  private Instant now = Instant.parse("2030-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  /** A fixed hash key: the keys of these tests never share a slot, every run. */
  private final SignInThrottle throttle = new SignInThrottle(clock, new byte[32]);

  private void advance(Duration by) {
    now = now.plus(by);
  }

  @Test
  void aNameAllowsFiveWrongPasswordsThenOneAMinute() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryName("alice")).isZero();
    }

    assertThat(throttle.tryName("alice")).isEqualTo(Duration.ofMinutes(1));
    advance(Duration.ofSeconds(45));
    assertThat(throttle.tryName("alice")).isEqualTo(Duration.ofSeconds(15));
    advance(Duration.ofSeconds(15));
    assertThat(throttle.tryName("alice")).isZero();
    assertThat(throttle.tryName("alice")).isEqualTo(Duration.ofMinutes(1));
    assertThat(throttle.tryName("bob")).as("another name").isZero();
  }

  @Test
  void rightPasswordsDoNotUseTheAllowanceUp() {
    for (int i = 0; i < 50; i++) {
      assertThat(throttle.tryName("alice")).isZero();
      throttle.signedIn("alice");
    }
  }

  @Test
  void anAddressAllowsTwentyAttemptsThenOneEveryThreeSeconds() {
    for (int i = 0; i < 20; i++) {
      assertThat(throttle.tryAddress("192.0.2.7")).isZero();
    }

    assertThat(throttle.tryAddress("192.0.2.7")).isEqualTo(Duration.ofSeconds(3));
    assertThat(throttle.tryAddress("192.0.2.8")).as("another address").isZero();
    advance(Duration.ofSeconds(3));
    assertThat(throttle.tryAddress("192.0.2.7")).isZero();
  }

  @Test
  void anIpv6ClientCountsPerSlash64() {
    for (int i = 0; i < 20; i++) {
      assertThat(throttle.tryAddress("2001:db8:1:2::" + Integer.toHexString(i + 1))).isZero();
    }

    assertThat(throttle.tryAddress("2001:db8:1:2:ffff::9")).isPositive();
    assertThat(throttle.tryAddress("2001:db8:1:3::1")).as("the next /64").isZero();
    assertThat(SignInThrottle.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
  }

  @Test
  void madeUpNamesDoNotFreeAThrottledName() {
    for (int i = 0; i < 5; i++) {
      throttle.tryName("alice");
    }
    // An attacker's flood of other names: a fixed table has nothing to evict.
    for (int i = 0; i < 100_000; i++) {
      throttle.tryName("filler-" + i);
    }

    assertThat(throttle.tryName("alice")).isPositive();
  }
}
