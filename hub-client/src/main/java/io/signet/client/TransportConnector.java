package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a transport as the JavaScript client's {@code HttpConnection} does: negotiate, then
 * the offered transports in the server's order, skipping those the application disallowed and
 * those that cannot carry the protocol's transfer format; when one fails to connect, negotiate
 * again (its connection is spent) and try the next. The error texts are that client's; where it
 * joins JavaScript errors ({@code "WebSockets failed: Error: ..."}) this joins the messages.
 *
 * <p>Thread-safe; nothing blocks. A failed attempt never reaches the receiver: only the
 * transport that connects reports to it.
 */
final class TransportConnector {
  private static final Logger log = LoggerFactory.getLogger(TransportConnector.class);

  static final String SKIP_NEGOTIATION_NEEDS_WEBSOCKETS =
      "Negotiation can only be skipped when using the WebSocket transport directly.";
  static final String NONE_CONNECTED =
      "Unable to connect to the server with any of the available transports. ";
  static final String NONE_SUPPORTED =
      "None of the transports supported by the client are supported by the server.";

  private final HttpAccess http;
  private final Set<TransportType> allowed;
  private final boolean skipNegotiation;
  private final Negotiator negotiator;

  /**
   * @param http the HTTP side of the client
   * @param allowed the transports the application allows, at least one
   * @param skipNegotiation connect the WebSocket straight to the hub URL, with no negotiate;
   *     only when {@code allowed} is exactly WebSockets
   */
  TransportConnector(HttpAccess http, Set<TransportType> allowed, boolean skipNegotiation) {
    this.http = Objects.requireNonNull(http, "http == null");
    Objects.requireNonNull(allowed, "allowed == null");
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("No transport allowed");
    }
    this.allowed = Set.copyOf(allowed);
    this.skipNegotiation = skipNegotiation;
    this.negotiator = new Negotiator(http);
  }

  /**
   * Negotiates and connects the first transport that can.
   *
   * @param hubUrl the hub URL the application gave
   * @param format the transfer format of the hub protocol
   * @param statefulReconnect whether to ask the server for stateful reconnect
   * @param receiver gets what the connected transport receives, and its end
   * @return the connected transport; fails with a {@link HubConnectionException} when negotiate
   *     fails or no transport connects, or with an {@link IllegalStateException} when negotiate
   *     is to be skipped with transports other than WebSockets allowed
   */
  CompletionStage<ConnectedTransport> connect(URI hubUrl, TransferFormat format,
      boolean statefulReconnect, ClientTransport.Receiver receiver) {
    Objects.requireNonNull(hubUrl, "hubUrl == null");
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(receiver, "receiver == null");
    http.resetAccessToken(); // a redirect's token served the previous connection only
    if (skipNegotiation) {
      if (!allowed.equals(EnumSet.of(TransportType.WEBSOCKETS))) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(SKIP_NEGOTIATION_NEEDS_WEBSOCKETS));
      }
      ClientTransport transport = newTransport(TransportType.WEBSOCKETS);
      return transport.connect(hubUrl, format, receiver).thenApply(ignored ->
          new ConnectedTransport(transport, TransportType.WEBSOCKETS, null, hubUrl, false));
    }
    return negotiator.negotiate(hubUrl, statefulReconnect).thenCompose(first ->
        new Selection(first, format, statefulReconnect, receiver).tryFrom(0, first));
  }

  /**
   * Opens a new WebSocket to {@code connectUrl}, the URL of a connection with stateful
   * reconnect whose socket dropped: no negotiate, and no new handshake follows.
   *
   * @return the new transport, connected; fails as {@link ClientTransport#connect} does
   */
  CompletionStage<ClientTransport> reattach(URI connectUrl, TransferFormat format,
      ClientTransport.Receiver receiver) {
    ClientTransport transport = newTransport(TransportType.WEBSOCKETS);
    return transport.connect(connectUrl, format, receiver).thenApply(ignored -> transport);
  }

  /** {@return a new, unconnected transport of {@code type}, sending through this client's HTTP} */
  ClientTransport newTransport(TransportType type) {
    return switch (type) {
      case WEBSOCKETS -> new WebSocketTransport(http);
      case SERVER_SENT_EVENTS -> new ServerSentEventsTransport(http);
      case LONG_POLLING -> new LongPollingTransport(http);
    };
  }

  /** Why the client does not try {@code offered}, or {@code null} if it does. */
  private String refusal(AvailableTransport offered, TransferFormat format) {
    String name = offered.type().wireName();
    if (!allowed.contains(offered.type())) {
      return "'" + name + "' is disabled by the client.";
    }
    if (!offered.supports(format)) {
      return "'" + name + "' does not support " + format.name() + ".";
    }
    return null;
  }

  /**
   * One connect's walk through the offered transports. Its steps run one after another, each
   * started by the completion of the previous one, so its lists need no lock.
   */
  private final class Selection {
    private final List<AvailableTransport> offered; // the first negotiate's, as in the JS client
    private final TransferFormat format;
    private final boolean statefulReconnect;
    private final ClientTransport.Receiver receiver;
    private final List<String> reasons = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private URI negotiateAt; // the hub URL after the last negotiate's redirects

    Selection(Negotiation first, TransferFormat format, boolean statefulReconnect,
        ClientTransport.Receiver receiver) {
      this.offered = first.transports();
      this.format = format;
      this.statefulReconnect = statefulReconnect;
      this.receiver = receiver;
      this.negotiateAt = first.hubUrl();
    }

    /**
     * Tries the offered transports from {@code index} on.
     *
     * @param negotiation an unused negotiation, or {@code null} to negotiate before the attempt
     */
    CompletionStage<ConnectedTransport> tryFrom(int index, Negotiation negotiation) {
      for (int i = index; i < offered.size(); i++) {
        TransportType type = offered.get(i).type();
        String refusal = refusal(offered.get(i), format);
        if (refusal != null) {
          log.debug("Skipping transport '{}': {}", type.wireName(), refusal);
          reasons.add(type.wireName() + " failed: " + refusal);
          continue;
        }
        int next = i + 1;
        CompletionStage<Negotiation> ready = negotiation != null
            ? CompletableFuture.completedFuture(negotiation)
            : negotiator.negotiate(negotiateAt, statefulReconnect);
        return ready.thenCompose(fresh -> attempt(type, fresh, next));
      }
      return CompletableFuture.failedFuture(noneConnected());
    }

    private CompletionStage<ConnectedTransport> attempt(TransportType type, Negotiation with,
        int next) {
      negotiateAt = with.hubUrl();
      URI connectUrl = with.connectionToken() == null ? with.hubUrl()
          : HubUrls.withQueryParameter(with.hubUrl(), "id", with.connectionToken());
      ClientTransport transport = newTransport(type);
      log.debug("Selecting transport '{}'", type.wireName());
      return transport.connect(connectUrl, format, receiver)
          .<CompletionStage<ConnectedTransport>>handle((ignored, error) -> {
            if (error == null) {
              return CompletableFuture.completedFuture(new ConnectedTransport(transport, type,
                  with.connectionId(), connectUrl,
                  with.useStatefulReconnect() && type == TransportType.WEBSOCKETS));
            }
            Throwable cause = HttpAccess.unwrap(error);
            log.debug("Failed to start the transport '{}'", type.wireName(), cause);
            failures.add(cause);
            reasons.add(type.wireName() + " failed: " + cause.getMessage());
            return tryFrom(next, null); // the failed attempt spent the connection: negotiate again
          }).thenCompose(result -> result);
    }

    private HubConnectionException noneConnected() {
      if (reasons.isEmpty()) {
        return new HubConnectionException(NONE_SUPPORTED);
      }
      HubConnectionException error =
          new HubConnectionException(NONE_CONNECTED + String.join(" ", reasons));
      failures.forEach(error::addSuppressed);
      return error;
    }
  }
}
