package io.signet.client;

import io.signet.protocol.TransferFormat;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSockets on Tyrus (see {@link TyrusClient} for its threads): the connect URL with {@code
 * http} made {@code ws} ({@code https}: {@code wss}), the application's headers, {@code
 * User-Agent} and {@code Authorization} on the upgrade. Text messages for {@link
 * TransferFormat#Text}, binary ones for {@link TransferFormat#Binary}; received messages of
 * either kind reach the receiver as bytes.
 *
 * <p>A close with status {@code 1000} (normal) or {@code 1001} (going away, as a server that
 * shuts down says) ends the transport cleanly; any other status ends it with the JavaScript
 * client's {@code WebSocket closed with status code: ...} error.
 *
 * <p>Sends never overlap: each waits for the previous one to be handed to the socket, chained on
 * Tyrus's completion callbacks, so neither the caller nor a Tyrus thread ever blocks on a send.
 * {@link #stop()} reports the end to the receiver on the calling thread, before closing the
 * socket, as the JavaScript transport does.
 */
final class WebSocketTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  static final String FAILED_TO_CONNECT = "WebSocket failed to connect. The connection could not "
      + "be found on the server, either the endpoint may not be a SignalR endpoint, the connection "
      + "ID is not present on the server, or there is a proxy blocking WebSockets. If you have "
      + "multiple servers check that sticky sessions are enabled.";

  private final HttpAccess http;

  // Set by connect(). session (non-null once connected) and stopped change under this object's
  // lock, so that stop() and the end of connecting agree on whether the transport connected.
  private volatile GuardedReceiver receiver;
  private volatile TransferFormat format;
  private volatile Session session;
  private volatile boolean stopped;

  private final Object sendLock = new Object();
  /** The last send queued; the next one starts when it ends. Guarded by {@link #sendLock}. */
  private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);

  /** A transport taking its upgrade headers from {@code http}. */
  WebSocketTransport(HttpAccess http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public CompletionStage<Void> connect(URI url, TransferFormat format, Receiver receiver) {
    Objects.requireNonNull(url, "url == null");
    this.format = Objects.requireNonNull(format, "format == null");
    GuardedReceiver guarded = new GuardedReceiver(
        Objects.requireNonNull(receiver, "receiver == null"));
    this.receiver = guarded;
    URI socketUrl = HubUrls.toWebSocket(url);
    Endpoint endpoint = new SocketEndpoint(guarded);
    return http.upgradeHeaders().thenCompose((Map<String, String> headers) ->
        TyrusClient.connect(endpoint, socketUrl, headers).handle(this::opened));
  }

  /** The end of connecting: keeps the session, or turns Tyrus's failure into the JS client's. */
  private Void opened(Session opened, Throwable error) {
    if (error != null) {
      Throwable cause = HttpAccess.unwrap(error);
      int status = TyrusClient.statusOf(cause);
      log.debug("WebSocket upgrade failed with status {}", status, cause);
      throw new HubConnectionException(FAILED_TO_CONNECT, cause, status);
    }
    boolean stoppedMeanwhile;
    synchronized (this) {
      stoppedMeanwhile = stopped;
      if (!stoppedMeanwhile) {
        session = opened;
      }
    }
    if (stoppedMeanwhile) {
      close(opened);
      throw new HubConnectionException("The transport was stopped while it connected.");
    }
    log.debug("WebSocket connected to {}", opened.getRequestURI());
    return null;
  }

  @Override
  public CompletionStage<Void> send(ByteBuffer data) {
    Session current = session;
    if (current == null || stopped || !current.isOpen()) {
      return CompletableFuture.failedFuture(
          new HubConnectionException("WebSocket is not in the OPEN state"));
    }
    byte[] message = new byte[data.remaining()];
    data.duplicate().get(message);
    synchronized (sendLock) {
      // A failed send does not hold up the ones queued after it.
      CompletableFuture<Void> next = lastSend.handle((ignored, error) -> null)
          .thenCompose(ignored -> transmit(current, message));
      lastSend = next;
      return next;
    }
  }

  /** One message, handed to Tyrus's asynchronous remote; completes on its callback. */
  private CompletableFuture<Void> transmit(Session target, byte[] message) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    SendHandler handler = result -> {
      if (result.isOK()) {
        sent.complete(null);
      } else {
        sent.completeExceptionally(new HubConnectionException(
            "WebSocket send failed: " + result.getException(), result.getException()));
      }
    };
    try {
      if (format == TransferFormat.Binary) {
        target.getAsyncRemote().sendBinary(ByteBuffer.wrap(message), handler);
      } else {
        target.getAsyncRemote().sendText(new String(message, StandardCharsets.UTF_8), handler);
      }
    } catch (RuntimeException e) { // the session closed meanwhile
      sent.completeExceptionally(new HubConnectionException("WebSocket send failed: " + e, e));
    }
    return sent;
  }

  /** Reports the end to the receiver, then closes the socket with status {@code 1000}. */
  @Override
  public CompletionStage<Void> stop() {
    Session current;
    synchronized (this) {
      if (stopped) {
        return CompletableFuture.completedFuture(null);
      }
      stopped = true;
      current = session;
    }
    if (current != null) {
      receiver.onClose(null);
      close(current);
    }
    return CompletableFuture.completedFuture(null);
  }

  private static void close(Session target) {
    try {
      target.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    } catch (IOException | RuntimeException e) { // already closed: nothing left to release
      log.debug("Closing the WebSocket failed", e);
    }
  }

  @Override
  public boolean hasInherentKeepAlive() {
    return false;
  }

  /**
   * The error a close with {@code reason} ends the transport with: {@code null} for {@code 1000}
   * and {@code 1001}, the JavaScript client's text otherwise.
   */
  static HubConnectionException closeError(CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    if (code == 1000 || code == 1001) {
      return null;
    }
    String phrase = reason.getReasonPhrase();
    return new HubConnectionException("WebSocket closed with status code: " + code + " ("
        + (phrase == null || phrase.isEmpty() ? "no reason given" : phrase) + ").");
  }

  /** Tyrus's view of the socket: messages and the close go to the receiver. */
  private static final class SocketEndpoint extends Endpoint {
    private final GuardedReceiver receiver;

    SocketEndpoint(GuardedReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void onOpen(Session opened, EndpointConfig config) {
      opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
          receiver.onReceive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
      opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes ->
          receiver.onReceive(bytes.asReadOnlyBuffer()));
    }

    @Override
    public void onClose(Session closed, CloseReason reason) {
      log.debug("WebSocket closed: {}", reason);
      receiver.onClose(closeError(reason));
    }

    @Override
    public void onError(Session failed, Throwable error) {
      // Tyrus follows an I/O or protocol error with onClose, which reports the end.
      log.debug("WebSocket error", error);
    }
  }
}
