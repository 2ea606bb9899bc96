package io.signet.connection.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes connection ids and tokens: 16 random bytes from a {@link SecureRandom}, base64url without
 * padding (22 URL-safe characters), as ASP.NET Core does. Clients append the token to URLs without
 * encoding, so it must be URL-safe; it authorises reads and writes, so it must be unguessable.
 */
final class ConnectionIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private final SecureRandom random = new SecureRandom();

  String next() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
