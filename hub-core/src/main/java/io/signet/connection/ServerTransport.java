package io.signet.connection;

import io.signet.protocol.TransferFormat;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * A server transport, the service-provider interface that transport modules implement. Transports
 * are found with {@link java.util.ServiceLoader}; negotiate offers those present, enabled and
 * {@linkplain #isAvailable available}, in {@link TransportType} order, one per type (the one of
 * highest {@linkplain #priority priority}).
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every endpoint.
 */
public interface ServerTransport {

  /** {@return which transport this is} */
  TransportType type();

  /** {@return the transfer formats it carries, as negotiate advertises them} */
  Set<TransferFormat> transferFormats();

  /**
   * Which transport serves when several {@linkplain #isAvailable available} ones share a
   * {@link #type()}: the highest wins. The portable transports have 0; a transport bound to one
   * container (Jetty's native WebSockets) ranks above them where that container runs.
   *
   * @return the priority; 0 for a portable transport
   */
  default int priority() {
    return 0;
  }

  /**
   * Whether the container can run this transport (a WebSocket transport needs a Jakarta WebSocket
   * container).
   *
   * @param context the servlet context Signet is installed into
   * @return whether it can serve there
   */
  boolean isAvailable(ServletContext context);

  /**
   * Whether a connection this transport serves receives further transport requests (long polling:
   * every poll), which are then passed to {@link #serve} again instead of being refused with 409.
   *
   * @return whether further requests of a connection reach {@link #serve}
   */
  default boolean servesRepeatedRequests() {
    return false;
  }

  /**
   * Serves a transport request for {@code connection}, which the caller has already
   * {@linkplain Connection#claim claimed} for this transport (or which this transport already
   * serves, see {@link #servesRepeatedRequests()}). The transport
   * {@linkplain Connection#attach attaches} itself once it is up. Must not block on application
   * code.
   *
   * @param request the transport request
   * @param response its response
   * @param connection the claimed connection
   * @param handler the endpoint's handler, for {@link Connection#attach}
   * @throws IOException when the response cannot be written
   */
  void serve(
      HttpServletRequest request,
      HttpServletResponse response,
      Connection connection,
      ConnectionHandler handler)
      throws IOException;
}
