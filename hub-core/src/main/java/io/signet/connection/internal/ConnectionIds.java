package io.signet.connection.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Makes connection ids and tokens: 16 random bytes each from a {@link SecureRandom}, base64url
 * without padding (22 URL-safe characters), as ASP.NET Core does. Clients append the token to URLs
 * without encoding, so it must be URL-safe; it authorises reads and writes, so it must be
 * unguessable. Thread-safe.
 *
 * <p>Negotiate needs an id and a token; both come from one draw, as the generator's cost is mostly
 * per call. The generator is the JDK's DRBG (Hash_DRBG, SHA-256), a NIST SP 800-90A generator
 * seeded from the operating system, rather than the default {@code NativePRNG}, which reads
 * {@code /dev/urandom} under one lock shared by every instance in the JVM.
 */
final class ConnectionIds {
  private static final int ID_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = newRandom();

  /** {@code count} independent ids from one draw. */
  String[] next(int count) {
    byte[] bytes = new byte[ID_BYTES * count];
    random.nextBytes(bytes);
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = ENCODER.encodeToString(Arrays.copyOfRange(bytes, i * ID_BYTES, (i + 1) * ID_BYTES));
    }
    return ids;
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // a JDK without DRBG: its default is still a CSPRNG
    }
  }
}
