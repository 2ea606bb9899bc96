package io.signet.protocol;

/**
 * The client's first message: which protocol and version it will speak.
 *
 * @param protocol the protocol name, for example {@code "json"}
 * @param version the protocol version
 */
public record HandshakeRequest(String protocol, int version) {
  /**
   * Validates the protocol name.
   *
   * @param protocol the protocol name, never empty
   * @param version the protocol version
   */
  public HandshakeRequest {
    Messages.requireNonEmpty(protocol, "protocol");
  }
}
