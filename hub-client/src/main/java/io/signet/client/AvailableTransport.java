package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of negotiate's {@code availableTransports}: a transport the server offers and the
 * transfer formats it carries there.
 *
 * @param type the transport
 * @param formats the formats the server lists for it; unknown format names are left out
 */
record AvailableTransport(TransportType type, Set<TransferFormat> formats) {
  /** Checks and copies the components. */
  AvailableTransport {
    Objects.requireNonNull(type, "type == null");
    formats = Set.copyOf(Objects.requireNonNull(formats, "formats == null"));
  }

  /** {@return whether the server carries {@code format} on this transport} */
  boolean supports(TransferFormat format) {
    return formats.contains(format);
  }
}
