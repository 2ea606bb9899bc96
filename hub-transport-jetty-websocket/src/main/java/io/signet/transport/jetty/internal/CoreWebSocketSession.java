package io.signet.transport.jetty.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import io.signet.protocol.TransferFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One WebSocket serving one {@link Connection}, on Jetty's core API. Every data frame, text or
 * binary, whole or a fragment, is handed to the connection as bytes: hub-message boundaries come
 * from the protocol's framing, never from WebSocket frames. Each outgoing batch is one text frame
 * whose payload wraps the batch's bytes, so a payload shared by many recipients is never copied.
 *
 * <p>Jetty's idle timeout is off (SignalR has its own timeouts), so nothing in Jetty ends a socket
 * whose client stopped reading: the connection's send and close timeouts call {@link #abort},
 * which closes it at once, unsent frames and all.
 *
 * <p>A socket that ends without a close frame from the client (a failure, or status 1006) is
 * reported as {@linkplain Connection#transportLost lost}, so that a client with stateful
 * reconnect can resume the connection on a new WebSocket; every report names this session, so
 * that the connection ignores it once a new one took over.
 *
 * <p>On an HTTP/1.1 socket, data frames are written straight to the socket ({@link
 * DirectFrameWriter}) until Jetty needs it for a control frame: a pong (which Jetty's core API
 * leaves to the handler), or the close handshake. Each of those waits for the direct write in
 * flight, and from then on every frame goes through Jetty's session.
 */
public final class CoreWebSocketSession implements FrameHandler, TransportSink {
  private static final Logger log = LoggerFactory.getLogger(CoreWebSocketSession.class);
  private static final String MDC_CONNECTION_ID = "signet.connectionId";
  /** A close reason may hold at most 123 bytes of UTF-8. */
  private static final int MAX_REASON_CHARS = 120;
  // The states of ending: a close and an abort each happen once, an abort also after a close.
  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int ABORTED = 2;

  /**
   * What a write to a socket that is closing completes with. A future, not a minimal stage:
   * {@code toCompletableFuture()} on a failed minimal stage wraps its exception in a new one each
   * time. Nothing completes it again: writers only read it.
   */
  private static final CompletableFuture<Void> OUTPUT_CLOSED =
      CompletableFuture.failedFuture(new OutputClosedException());

  private final Connection connection;
  private final ConnectionHandler handler;
  private final AtomicInteger ending = new AtomicInteger(OPEN);
  private volatile CoreSession session;
  private volatile EndPoint socket; // the upgraded HTTP/1.1 socket, if any
  private volatile DirectFrameWriter direct; // null: every frame goes through Jetty's session

  public CoreWebSocketSession(Connection connection, ConnectionHandler handler) {
    this.connection = connection;
    this.handler = handler;
  }

  /**
   * The HTTP/1.1 socket this session's request arrived on, offered before the upgrade. Frames are
   * written to it directly only if Jetty's WebSocket connection is what serves it once open; over
   * HTTP/2 (RFC 8441) there is no socket of the session's own, and nothing is offered.
   */
  void offerSocket(EndPoint upgraded) {
    this.socket = upgraded;
  }

  /** Whether data frames go straight to the socket; for tests. */
  boolean writesDirectly() {
    DirectFrameWriter writer = direct;
    return writer != null && writer.isDirect();
  }

  // ---- inbound (Jetty calls these one at a time)

  @Override
  public void onOpen(CoreSession opened, Callback callback) {
    this.session = opened;
    EndPoint upgraded = socket;
    if (upgraded != null && upgraded.getConnection() instanceof WebSocketConnection) {
      direct = new DirectFrameWriter(upgraded);
    }
    if (log.isDebugEnabled()) {
      log.debug("WebSocket of connection {} writes its data frames {}", connection.id(),
          direct != null ? "to the socket directly" : "through Jetty's session");
    }
    try {
      connection.attach(this, handler);
      callback.succeeded();
    } catch (RuntimeException e) {
      callback.failed(e);
      return;
    }
    opened.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    byte opcode = frame.getOpCode();
    if (opcode == OpCode.TEXT || opcode == OpCode.BINARY || opcode == OpCode.CONTINUATION) {
      receive(frame.getPayload());
    } else if (opcode == OpCode.PING) {
      // RFC 6455 requires a pong; Jetty's core API leaves it to the frame handler.
      ByteBuffer echoed = copy(frame.getPayload());
      whenJettyMayWrite(() -> {
        session.sendFrame(new Frame(OpCode.PONG, echoed), Callback.NOOP, false);
        answered(opcode, callback);
      });
      return;
    } else if (opcode == OpCode.CLOSE) {
      whenJettyMayWrite(() -> answered(opcode, callback)); // succeeding it answers the close
      return;
    }
    answered(opcode, callback);
  }

  /** Runs {@code action}, which has Jetty write a frame, once no direct write is in flight. */
  private void whenJettyMayWrite(Runnable action) {
    DirectFrameWriter writer = direct;
    if (writer != null) {
      writer.handOver(action);
    } else {
      action.run();
    }
  }

  private static ByteBuffer copy(ByteBuffer payload) {
    if (payload == null || !payload.hasRemaining()) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
    copy.put(payload.slice()).flip();
    return copy;
  }

  private void answered(byte opcode, Callback callback) {
    callback.succeeded();
    if (opcode != OpCode.CLOSE) {
      session.demand();
    }
  }

  private void receive(ByteBuffer payload) {
    if (payload == null || !payload.hasRemaining()) {
      return;
    }
    MDC.put(MDC_CONNECTION_ID, connection.id());
    try {
      connection.receive(this, payload); // copies what it keeps: Jetty reuses the buffer
    } finally {
      MDC.remove(MDC_CONNECTION_ID);
    }
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    log.debug("WebSocket of connection {} failed", connection.id(), cause);
    connection.transportLost(this, cause);
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus status, Callback callback) {
    int code = status.getCode();
    // Browsers and the JS client close with 1000, 1001, or no status at all (1005).
    boolean clean = code == CloseStatus.NORMAL || code == CloseStatus.SHUTDOWN
        || code == CloseStatus.NO_CODE;
    String reason = status.getReason();
    IOException error = clean ? null : new IOException("WebSocket closed with status " + code
        + (reason == null || reason.isEmpty() ? "" : " " + reason));
    if (code == CloseStatus.NO_CLOSE) {
      connection.transportLost(this, error); // no close frame: the socket just went away
    } else {
      connection.transportClosed(this, error);
    }
    callback.succeeded();
  }

  // ---- outbound (TransportSink)

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    CoreSession current = session;
    if (ending.get() != OPEN || !current.isOutputOpen()) {
      // Jetty would fail the frame with a new exception and its stack trace; a broadcast meets
      // every socket that is closing, so the refusal is shared and costs nothing to build.
      return OUTPUT_CLOSED;
    }
    byte[] bytes = batch.size() == 1 ? batch.get(0).bytes() : OutboundPayload.concat(batch);
    // Text until a binary hub protocol (MessagePack) was chosen, then binary messages.
    byte opcode = connection.transferFormat() == TransferFormat.Binary ? OpCode.BINARY : OpCode.TEXT;
    DirectFrameWriter writer = direct;
    if (writer != null) {
      CompletionStage<Void> written = writer.write(opcode, bytes);
      if (written != null) {
        return written;
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    current.sendFrame(new Frame(opcode, true, ByteBuffer.wrap(bytes)), Callback.from(
        () -> done.complete(null), done::completeExceptionally), false);
    return done;
  }

  @Override
  public void close(Throwable error) {
    CoreSession current = session;
    if (current == null || !ending.compareAndSet(OPEN, CLOSING)) {
      return;
    }
    whenJettyMayWrite(() -> sendClose(current, error));
  }

  private void sendClose(CoreSession current, Throwable error) {
    if (error == null) {
      current.close(CloseStatus.NORMAL, "", Callback.NOOP);
    } else {
      current.close(CloseStatus.SERVER_ERROR, reasonText(error), Callback.NOOP);
    }
  }

  @Override
  public void abort(Throwable error) {
    CoreSession current = session;
    if (current == null || ending.getAndSet(ABORTED) == ABORTED) {
      return;
    }
    log.debug("Aborting the WebSocket of connection {}", connection.id());
    // Closes the socket without a close handshake: pending writes fail, and Jetty reports the
    // end through onClosed, which tells the connection.
    current.abort();
  }

  /** The WebSocket's output is closed; shared, so without a stack trace. */
  private static final class OutputClosedException extends IOException {
    OutputClosedException() {
      super("The WebSocket is closing", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static String reasonText(Throwable error) {
    String text = error.getClass().getSimpleName();
    return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) : text;
  }
}
