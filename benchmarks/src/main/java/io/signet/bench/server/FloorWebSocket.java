package io.signet.bench.server;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One WebSocket of the floor, on Jetty's core WebSocket API (what Jetty's Jakarta and Jetty APIs
 * are built on). Outgoing frames wrap bytes encoded once for every recipient.
 */
final class FloorWebSocket implements FrameHandler, FloorPeer {
  private final FloorHub hub;
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  private volatile CoreSession session;
  // Jetty delivers one frame at a time: both fields belong to the frame being handled.
  private boolean handshaken;
  private ByteBuffer partial;

  FloorWebSocket(FloorHub hub) {
    this.hub = hub;
  }

  @Override
  public void onOpen(CoreSession opened, Callback callback) {
    this.session = opened;
    callback.succeeded();
    opened.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    byte opcode = frame.getOpCode();
    if (opcode == OpCode.TEXT || opcode == OpCode.BINARY || opcode == OpCode.CONTINUATION) {
      records(frame.getPayload());
    }
    callback.succeeded();
    if (opcode != OpCode.CLOSE) {
      session.demand();
    }
  }

  private void records(ByteBuffer payload) {
    ByteBuffer data = payload;
    if (partial != null) {
      data = ByteBuffer.allocate(partial.remaining() + payload.remaining());
      data.put(partial).put(payload).flip();
      partial = null;
    }
    int start = data.position();
    for (int i = start; i < data.limit(); i++) {
      if (data.get(i) == 0x1E) {
        record(data, start, i);
        start = i + 1;
      }
    }
    if (start < data.limit()) {
      partial = ByteBuffer.allocate(data.limit() - start);
      partial.put(0, data, start, data.limit() - start);
    }
  }

  private void record(ByteBuffer data, int start, int end) {
    if (handshaken) {
      hub.handle(this, data, start, end);
      return;
    }
    handshaken = true;
    deliver(FloorHub.HANDSHAKE_OK);
    hub.connected(this);
  }

  @Override
  public void deliver(FloorMessage message) {
    session.sendFrame(new Frame(OpCode.TEXT, true, message.frame()), Callback.NOOP, false);
  }

  @Override
  public Set<String> groups() {
    return groups;
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus status, Callback callback) {
    hub.disconnected(this);
    callback.succeeded();
  }
}
