package io.signet.examples.groupchat;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA256 from the JDK, salted, stored as
 * {@code pbkdf2-sha256$iterations$salt$hash} so that the cost can rise later without breaking
 * existing accounts. Thread-safe.
 */
final class PasswordHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; about 0.1 s per sign-in. */
  static final int DEFAULT_ITERATIONS = 210_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations < 1");
    }
    this.iterations = iterations;
  }

  /** A new salted hash of {@code password}. */
  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
        + base64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code stored}; false for a malformed {@code stored}. */
  boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      // Constant time: how much of a guess matched must not show in the response time.
      return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java 17 runtime has PBKDF2WithHmacSHA256.
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
