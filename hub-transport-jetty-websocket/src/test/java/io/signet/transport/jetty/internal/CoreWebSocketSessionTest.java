package io.signet.transport.jetty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.ConnectionListener;
import io.signet.connection.ConnectionOptions;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's writes against a Jetty session stand-in: frames go out whole, and a socket whose
 * output is closed refuses a write at once, without handing Jetty a frame.
 */
class CoreWebSocketSessionTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void writesABatchAsOneTextFrame() throws Exception {
    RecordingSession jetty = new RecordingSession();
    CoreWebSocketSession session = open(jetty);

    CompletableFuture<Void> written = session.write(List.of(payload("{\"type\":6}\u001e"),
        payload("{\"type\":6}\u001e"))).toCompletableFuture();

    assertThat(written).isCompleted();
    assertThat(jetty.frames).hasSize(1);
    assertThat(jetty.frames.get(0).getOpCode()).isEqualTo(OpCode.TEXT);
    assertThat(jetty.frames.get(0).getPayloadAsUTF8())
        .isEqualTo("{\"type\":6}\u001e{\"type\":6}\u001e");
  }

  @Test
  void aSocketThatJettysWebSocketConnectionDoesNotServeIsNeverWrittenDirectly() {
    RecordingSession jetty = new RecordingSession();
    ByteArrayEndPoint socket = new ByteArrayEndPoint(new byte[0], 1024); // no connection of Jetty's
    CoreWebSocketSession session = open(jetty, socket);

    session.write(List.of(payload("{}\u001e")));

    assertThat(session.writesDirectly()).isFalse();
    assertThat(socket.takeOutputString()).isEmpty();
    assertThat(jetty.frames).hasSize(1);
  }

  @Test
  void refusesAWriteOnceTheOutputIsClosed() {
    RecordingSession jetty = new RecordingSession();
    CoreWebSocketSession session = open(jetty);
    jetty.outputOpen = false;

    CompletableFuture<Void> first = session.write(List.of(payload("a"))).toCompletableFuture();
    CompletableFuture<Void> second = session.write(List.of(payload("b"))).toCompletableFuture();

    assertThat(first).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
    assertThat(jetty.frames).isEmpty();
    Throwable refusal = first.handle((ignored, error) -> error).join();
    assertThat(refusal).hasMessageContaining("closing");
    assertThat(refusal.getStackTrace()).isEmpty();
  }

  @Test
  void refusesAWriteAfterItsOwnClose() {
    RecordingSession jetty = new RecordingSession();
    CoreWebSocketSession session = open(jetty);

    session.close(null);

    assertThat(session.write(List.of(payload("a"))).toCompletableFuture())
        .isCompletedExceptionally();
    assertThat(jetty.frames).isEmpty();
    assertThat(jetty.closes).isEqualTo(1);
  }

  private CoreWebSocketSession open(RecordingSession jetty) {
    return open(jetty, null);
  }

  private CoreWebSocketSession open(RecordingSession jetty, EndPoint socket) {
    Connection connection = new Connection("id", "token", 1, ConnectionOptions.DEFAULTS, timer,
        ended -> { });
    assertThat(connection.claim(TransportType.WebSockets, null))
        .isEqualTo(Connection.ClaimResult.CLAIMED);
    ConnectionHandler handler = opened -> new ConnectionListener() {
      @Override
      public void onReceive(ByteBuffer data) {}

      @Override
      public void onClosed(Throwable error) {}
    };
    CoreWebSocketSession session = new CoreWebSocketSession(connection, handler);
    session.offerSocket(socket);
    session.onOpen(jetty, Callback.NOOP);
    return session;
  }

  private static OutboundPayload payload(String text) {
    return new OutboundPayload(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Jetty's empty session, recording frames and closes; writes complete at once. */
  private static final class RecordingSession extends CoreSession.Empty {
    final List<Frame> frames = new ArrayList<>();
    volatile boolean outputOpen = true;
    int closes;

    @Override
    public boolean isOutputOpen() {
      return outputOpen;
    }

    @Override
    public void sendFrame(Frame frame, Callback callback, boolean batch) {
      frames.add(frame);
      callback.succeeded();
    }

    @Override
    public void close(int statusCode, String reason, Callback callback) {
      closes++;
      callback.succeeded();
    }
  }
}
