package io.signet.protocol;

/**
 * The server's answer to the handshake: {@code {}} on success, or an error.
 *
 * @param error why the handshake failed, or {@code null} on success
 */
public record HandshakeResponse(String error) {

  /** The successful response, written as {@code {}}. */
  public static final HandshakeResponse SUCCESS = new HandshakeResponse(null);
}
