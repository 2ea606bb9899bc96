package io.signet.transport.websocket.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import io.signet.protocol.TransferFormat;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One WebSocket serving one {@link Connection}. Every data frame, text or binary, whole or partial,
 * is appended to the connection's input as bytes: hub-message boundaries come from the protocol's
 * framing, never from WebSocket frames. Each outgoing batch is one text message.
 *
 * <p>The container's idle timeout is off (SignalR has its own timeouts); the connection's send and
 * close timeouts call {@link #abort} for a client that stopped reading.
 *
 * <p>A socket that ends without a close frame from the client (an error, or status 1006) is
 * reported as {@linkplain Connection#transportLost lost}, so that a client with stateful
 * reconnect can resume the connection on a new WebSocket; every report names this endpoint, so
 * that the connection ignores it once a new one took over.
 */
public final class WebSocketSession extends Endpoint implements TransportSink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
  private static final String MDC_CONNECTION_ID = "signet.connectionId";
  /** A close reason may hold at most 123 bytes of UTF-8. */
  private static final int MAX_REASON_CHARS = 120;
  // The states of ending: a close and an abort each happen once, an abort also after a close.
  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int ABORTED = 2;

  private final Connection connection;
  private final ConnectionHandler handler;
  private final AtomicInteger ending = new AtomicInteger(OPEN);
  private volatile Session session;

  public WebSocketSession(Connection connection, ConnectionHandler handler) {
    this.connection = connection;
    this.handler = handler;
  }

  @Override
  public void onOpen(Session opened, EndpointConfig config) {
    this.session = opened;
    // SignalR runs its own keep-alive and timeouts; the container must not close idle sockets.
    opened.setMaxIdleTimeout(0);
    opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (data, last) ->
        receive(data));
    opened.addMessageHandler(String.class, (MessageHandler.Partial<String>) (text, last) ->
        receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    connection.attach(this, handler);
  }

  private void receive(ByteBuffer data) {
    MDC.put(MDC_CONNECTION_ID, connection.id());
    try {
      connection.receive(this, data);
    } finally {
      MDC.remove(MDC_CONNECTION_ID);
    }
  }

  @Override
  public void onClose(Session closed, CloseReason reason) {
    CloseReason.CloseCode code = reason.getCloseCode();
    // Browsers and the JS client close with 1000, 1001, or no status at all (1005).
    boolean clean = code == CloseReason.CloseCodes.NORMAL_CLOSURE
        || code == CloseReason.CloseCodes.GOING_AWAY
        || code == CloseReason.CloseCodes.NO_STATUS_CODE;
    IOException error = clean ? null : new IOException("WebSocket closed with status "
        + code.getCode()
        + (reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()));
    if (code == CloseReason.CloseCodes.CLOSED_ABNORMALLY) {
      connection.transportLost(this, error); // no close frame: the socket just went away
    } else {
      connection.transportClosed(this, error);
    }
  }

  @Override
  public void onError(Session failed, Throwable error) {
    log.debug("WebSocket of connection {} failed", connection.id(), error);
    connection.transportLost(this, error);
  }

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    SendHandler handler = result -> {
      if (result.isOK()) {
        done.complete(null);
      } else {
        done.completeExceptionally(result.getException());
      }
    };
    if (connection.transferFormat() == TransferFormat.Binary) {
      // A binary hub protocol (MessagePack) was chosen: binary messages.
      session.getAsyncRemote().sendBinary(ByteBuffer.wrap(
          batch.size() == 1 ? batch.get(0).bytes() : OutboundPayload.concat(batch)), handler);
    } else {
      String text = batch.size() == 1 ? batch.get(0).text()
          : new String(OutboundPayload.concat(batch), StandardCharsets.UTF_8);
      session.getAsyncRemote().sendText(text, handler);
    }
    return done;
  }

  @Override
  public void close(Throwable error) {
    Session current = session;
    if (current == null || !ending.compareAndSet(OPEN, CLOSING)) {
      return;
    }
    CloseReason reason = error == null
        ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
        : new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, reasonText(error));
    try {
      if (current.isOpen()) {
        current.close(reason);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Closing the WebSocket of connection {} failed", connection.id(), e);
    }
  }

  @Override
  public void abort(Throwable error) {
    Session current = session;
    if (current == null || ending.getAndSet(ABORTED) == ABORTED) {
      return;
    }
    log.debug("Aborting the WebSocket of connection {}", connection.id());
    SessionAbort.abort(current);
  }

  private static String reasonText(Throwable error) {
    String text = error.getClass().getSimpleName();
    return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) : text;
  }
}
