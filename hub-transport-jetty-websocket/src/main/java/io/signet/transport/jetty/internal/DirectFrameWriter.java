package io.signet.transport.jetty.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Writes a connection's data frames straight to the socket's {@link EndPoint}, past Jetty's frame
 * flusher, until Jetty needs the socket for a frame of its own.
 *
 * <p>Why: a broadcast writes one small frame to each of thousands of sockets, and through Jetty's
 * flusher each frame is queued, given a pooled header buffer, and tracked by an iterating
 * callback, all stored in the session's long-lived objects. With G1 every such store of a new
 * object into an old one is a card the collector must refine, so the flusher's bookkeeping costs
 * about as much as the write it does. Here a frame whose bytes the socket takes at once, the usual
 * case, is one gathering write of a header and the shared payload, storing nothing.
 *
 * <p>The socket must have one writer at a time. The connection's outbound writer hands over one
 * batch at a time; Jetty writes only control frames: a pong answering a client's ping, and the
 * close handshake. Before Jetty may write, the session {@linkplain #handOver hands the socket
 * over} for good, once the direct write in flight (if any) has completed; from then on every frame
 * goes through Jetty's flusher, which orders them. Jetty also writes a close frame by itself when
 * a client breaks the protocol; the session refuses data frames once Jetty's output is closed, and
 * a direct write racing that close can only fail or spoil the close of a connection that is
 * ending anyway.
 */
final class DirectFrameWriter {
  // IDLE -> WRITING -> IDLE for each direct write; HANDING_OVER while a write in flight delays the
  // hand-over; HANDED_OVER for good.
  private static final int IDLE = 0;
  private static final int WRITING = 1;
  private static final int HANDING_OVER = 2;
  private static final int HANDED_OVER = 3;

  private static final CompletableFuture<Void> WRITTEN = CompletableFuture.completedFuture(null);

  private final EndPoint endPoint;
  private final AtomicInteger state = new AtomicInteger(IDLE);
  // What waits for the write in flight to complete before Jetty may write; guarded by this.
  private List<Runnable> waiting;

  DirectFrameWriter(EndPoint endPoint) {
    this.endPoint = endPoint;
  }

  /**
   * Writes {@code payload} as one whole frame, unless the socket was handed over to Jetty.
   *
   * @param opcode {@link OpCode#TEXT} or {@link OpCode#BINARY}
   * @return when the frame is written; {@code null} if the socket is Jetty's now, and the frame
   *     must go through Jetty's session
   */
  CompletionStage<Void> write(byte opcode, byte[] payload) {
    if (!state.compareAndSet(IDLE, WRITING)) {
      return null; // handed over: one write at a time means it cannot be WRITING here
    }
    ByteBuffer header = ByteBuffer.wrap(FrameHeader.of(opcode, payload.length));
    ByteBuffer body = ByteBuffer.wrap(payload);
    try {
      if (endPoint.flush(header, body)) {
        writeEnded();
        return WRITTEN;
      }
      // The socket took part of it: Jetty's write flusher waits for room and writes the rest.
      CompletableFuture<Void> done = new CompletableFuture<>();
      endPoint.write(Callback.from(() -> {
        writeEnded();
        done.complete(null);
      }, failure -> {
        writeEnded();
        done.completeExceptionally(failure);
      }), header, body);
      return done;
    } catch (IOException | RuntimeException e) {
      writeEnded();
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Gives the socket to Jetty for good, then runs {@code then}: at once when no direct write is in
   * flight, else when it completes.
   */
  void handOver(Runnable then) {
    synchronized (this) {
      while (true) {
        int now = state.get();
        if (now == WRITING || now == HANDING_OVER) {
          if (now == WRITING && !state.compareAndSet(WRITING, HANDING_OVER)) {
            continue; // the write just ended
          }
          if (waiting == null) {
            waiting = new ArrayList<>(2);
          }
          waiting.add(then);
          return;
        }
        if (now == HANDED_OVER || state.compareAndSet(IDLE, HANDED_OVER)) {
          break;
        }
      }
    }
    then.run();
  }

  /** Whether frames still go straight to the socket; for tests. */
  boolean isDirect() {
    return state.get() < HANDING_OVER;
  }

  private void writeEnded() {
    if (state.compareAndSet(WRITING, IDLE)) {
      return;
    }
    List<Runnable> ready;
    synchronized (this) {
      state.set(HANDED_OVER);
      ready = waiting;
      waiting = null;
    }
    if (ready != null) {
      ready.forEach(Runnable::run);
    }
  }
}
