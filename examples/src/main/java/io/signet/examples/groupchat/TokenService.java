package io.signet.examples.groupchat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.signet.hub.HubUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues and checks the sign-in tokens: JWTs signed with HMAC-SHA256, naming the user in
 * {@code sub} and expiring after {@link #LIFETIME}. The same token authenticates the REST API
 * ({@code Authorization: Bearer}) and the hub (the SignalR client's {@code accessTokenFactory}).
 * Thread-safe.
 */
final class TokenService {
  /** How long a token is valid: a working day, then the page asks to sign in again. */
  static final Duration LIFETIME = Duration.ofHours(8);

  private static final String ISSUER = "signet-groupchat";

  /** A token and when it stops being accepted. */
  record IssuedToken(String token, Instant expiresAt) {}

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final Clock clock;

  /**
   * @param secret the HMAC key; at least 32 bytes, as HS256 needs
   * @param clock the time tokens are issued and checked at
   */
  TokenService(byte[] secret, Clock clock) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.length < 32) {
      throw new IllegalArgumentException("The token secret needs at least 32 bytes");
    }
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.algorithm = Algorithm.HMAC256(secret);
    this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER))
        .build(clock);
  }

  /** A new token for {@code user}. */
  IssuedToken issue(String user) {
    // Whole seconds: JWT times are seconds, and the client is told the exact expiry.
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant expiresAt = now.plus(LIFETIME);
    String token = JWT.create()
        .withIssuer(ISSUER)
        .withSubject(user)
        .withIssuedAt(now)
        .withExpiresAt(expiresAt)
        .sign(algorithm);
    return new IssuedToken(token, expiresAt);
  }

  /**
   * The user a token stands for.
   *
   * @return the user, or {@code null} for a missing, malformed, forged or expired token
   */
  HubUser verify(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      DecodedJWT jwt = verifier.verify(token);
      String subject = jwt.getSubject();
      return subject == null || subject.isEmpty() ? null : HubUser.of(subject);
    } catch (JWTVerificationException e) {
      return null;
    }
  }
}
