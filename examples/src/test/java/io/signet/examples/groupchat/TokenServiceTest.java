package io.signet.examples.groupchat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.HubUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
  private static final Instant NOW = Instant.parse("2025-08-22T10:00:00Z");

  private static TokenService at(Instant instant, byte[] secret) {
    return new TokenService(secret, Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void aTokenNamesItsUserUntilItExpires() {
    TokenService.IssuedToken issued = at(NOW, SECRET).issue("alice");

    assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
    assertThat(at(NOW, SECRET).verify(issued.token())).isEqualTo(HubUser.of("alice"));
    assertThat(at(issued.expiresAt().minusSeconds(1), SECRET).verify(issued.token()))
        .isEqualTo(HubUser.of("alice"));
    assertThat(at(issued.expiresAt().plusSeconds(1), SECRET).verify(issued.token())).isNull();
  }

  @Test
  void tokensOfAnotherSecretOrTamperedWithAreRefused() {
    String token = at(NOW, SECRET).issue("alice").token();
    byte[] other = "another secret of thirty-two bytes!".getBytes(UTF_8);
    String[] parts = token.split("\\.");
    // {"sub":"mallory"} in place of the real claims, with alice's signature.
    String swapped = parts[0] + ".eyJzdWIiOiJtYWxsb3J5In0." + parts[2];

    assertThat(at(NOW, other).verify(token)).isNull();
    assertThat(at(NOW, SECRET).verify(swapped)).isNull();
    assertThat(at(NOW, SECRET).verify("not a token")).isNull();
    assertThat(at(NOW, SECRET).verify("")).isNull();
    assertThat(at(NOW, SECRET).verify(null)).isNull();
  }

  @Test
  void shortSecretsAreRejected() {
    assertThatThrownBy(() -> at(NOW, "too short".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
