package io.signet.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection of the nio floor, from its first HTTP request to its end. Confined to the
 * server's selector thread, like everything it touches, so nothing here takes a lock (the
 * {@link FloorPeer} contract asks for thread safety; one thread is the simplest kind).
 *
 * <p>Reads land in the thread's shared buffer; only the bytes of an unfinished unit (a request
 * head, a frame, a record that a later frame ends) are copied into the peer, so an idle connection
 * holds no buffer. A frame goes straight to the socket while nothing waits before it, and else
 * joins the {@link OutboundQueue}; past the server's outbound limit the connection is dropped.
 */
final class NioFloorPeer implements FloorPeer {
  /** The longest frame payload, and the longest record, accepted. */
  static final int MAX_MESSAGE = 1024 * 1024;
  private static final FloorMessage JSON_ONLY = new FloorMessage(
      "{\"error\":\"This server speaks the JSON protocol only.\"}\u001e"
          .getBytes(StandardCharsets.US_ASCII));
  private static final byte RS = 0x1E;

  private enum State { HTTP, WEBSOCKET, CLOSING, CLOSED }

  private final NioFloorLoop loop;
  private final SocketChannel socket;
  private final SelectionKey key;
  private final OutboundQueue queue = new OutboundQueue();
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  private State state = State.HTTP;
  private ByteBuffer leftover; // write mode: the start of an unfinished request head or frame
  private ByteBuffer partial; // write mode: the start of a record that a later frame ends
  private boolean fragmented; // a fragmented message is under way
  private boolean inHub;

  NioFloorPeer(NioFloorLoop loop, SocketChannel socket, SelectionKey key) {
    this.loop = loop;
    this.socket = socket;
    this.key = key;
  }

  @Override
  public Set<String> groups() {
    return groups;
  }

  @Override
  public void deliver(FloorMessage message) {
    send(message.webSocketFrame());
  }

  /** The socket has bytes, or its end, to read. */
  void onReadable(ByteBuffer buffer) throws IOException {
    if (state != State.HTTP && state != State.WEBSOCKET) {
      return;
    }
    buffer.clear();
    if (socket.read(buffer) < 0) {
      close();
      return;
    }
    buffer.flip();
    ByteBuffer data = buffer;
    if (leftover != null) {
      leftover = ensure(leftover, buffer.remaining()).put(buffer).flip();
      data = leftover;
    }
    if (state == State.HTTP) {
      readRequests(data);
    }
    if (state == State.WEBSOCKET) {
      readFrames(data);
    }
    if (!data.hasRemaining() || state != State.HTTP && state != State.WEBSOCKET) {
      leftover = null;
    } else if (data == leftover) {
      leftover.compact();
    } else {
      leftover = ByteBuffer.allocate(Math.max(256, data.remaining())).put(data);
    }
  }

  /** The socket takes bytes again. */
  void onWritable() throws IOException {
    if (!queue.flush(socket)) {
      return;
    }
    if (state == State.CLOSING) {
      close();
    } else {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  private void readRequests(ByteBuffer data) {
    while (state == State.HTTP && data.hasRemaining()) {
      RequestHead head = RequestHead.parse(data);
      if (head == null) {
        return;
      }
      HttpAnswers.Answer answer = loop.http().answer(head);
      send(answer.bytes());
      if (state != State.HTTP) {
        return; // the answer could not be written
      }
      switch (answer.next()) {
        case UPGRADE -> state = State.WEBSOCKET;
        case CLOSE -> closeAfterFlush();
        default -> { }
      }
    }
  }

  private void readFrames(ByteBuffer data) {
    ClientFrame frame = loop.frame();
    while (state == State.WEBSOCKET) {
      int status = frame.read(data, MAX_MESSAGE);
      if (status == ClientFrame.INCOMPLETE) {
        return;
      }
      if (status != ClientFrame.COMPLETE) {
        closeWith(status);
        return;
      }
      frame.unmask(data);
      data.position(frame.end());
      onFrame(data, frame.payloadStart, frame.end(), frame.opcode, frame.fin);
    }
  }

  private void onFrame(ByteBuffer data, int start, int end, int opcode, boolean fin) {
    switch (opcode) {
      case Rfc6455.OP_TEXT, Rfc6455.OP_BINARY, Rfc6455.OP_CONTINUATION -> {
        if ((opcode == Rfc6455.OP_CONTINUATION) != fragmented) {
          // A continuation of nothing, or a new message inside a fragmented one.
          closeWith(Rfc6455.CLOSE_PROTOCOL_ERROR);
          return;
        }
        fragmented = !fin;
        records(data, start, end);
      }
      case Rfc6455.OP_PING -> send(ServerFrames.frame(Rfc6455.OP_PONG, bytes(data, start, end),
          0, end - start));
      case Rfc6455.OP_PONG -> { }
      case Rfc6455.OP_CLOSE -> {
        // Answer with the client's status code, as section 5.5.1 asks, then close.
        byte[] code = end - start >= 2 ? bytes(data, start, start + 2) : new byte[0];
        send(ServerFrames.frame(Rfc6455.OP_CLOSE, code, 0, code.length));
        closeAfterFlush();
      }
      default -> closeWith(Rfc6455.CLOSE_PROTOCOL_ERROR);
    }
  }

  /**
   * Splits payload bytes into records. SignalR's records form one stream whatever the frames, so
   * a record may end in a later frame than it starts in (which the fragments of one message are a
   * case of); its start waits in {@link #partial}.
   */
  private void records(ByteBuffer data, int start, int end) {
    int at = start;
    if (partial != null) {
      int separator = indexOfSeparator(data, start, end);
      int upTo = separator < 0 ? end : separator;
      if (partial.position() + (upTo - start) > MAX_MESSAGE) {
        closeWith(Rfc6455.CLOSE_TOO_BIG);
        return;
      }
      partial = ensure(partial, upTo - start);
      partial.put(partial.position(), data, start, upTo - start)
          .position(partial.position() + upTo - start);
      if (separator < 0) {
        return;
      }
      ByteBuffer record = partial.flip();
      partial = null;
      record(record, 0, record.limit());
      at = separator + 1;
    }
    int recordStart = at;
    for (int i = at; i < end && state == State.WEBSOCKET; i++) {
      if (data.get(i) == RS) {
        record(data, recordStart, i);
        recordStart = i + 1;
      }
    }
    if (state == State.WEBSOCKET && recordStart < end) {
      int length = end - recordStart;
      partial = ByteBuffer.allocate(Math.max(256, length));
      partial.put(0, data, recordStart, length).position(length);
    }
  }

  private void record(ByteBuffer data, int start, int end) {
    if (inHub) {
      loop.hub().handle(this, data, start, end);
      return;
    }
    if (FloorHub.indexOf(data, start, end, "\"protocol\":\"json\"") < 0) {
      deliver(JSON_ONLY);
      closeWith(Rfc6455.CLOSE_PROTOCOL_ERROR);
      return;
    }
    // In the hub before the answer goes out: once a client sees it, it counts as connected.
    inHub = true;
    loop.hub().connected(this);
    deliver(FloorHub.HANDSHAKE_OK);
  }

  /**
   * Sends bytes the caller will not change: at once if nothing waits, else after what waits. A
   * frame that fills the queue past the outbound limit drops the connection instead.
   */
  private void send(byte[] bytes) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return;
    }
    if (!queue.isEmpty()) {
      if (queue.bytes() + bytes.length > loop.outboundLimit()) {
        close();
        return;
      }
      queue.add(ByteBuffer.wrap(bytes));
      return;
    }
    int written;
    try {
      written = writeNow(bytes);
    } catch (IOException e) {
      close();
      return;
    }
    if (written < bytes.length) {
      queue.add(ByteBuffer.wrap(bytes, written, bytes.length - written));
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
  }

  /**
   * One non-blocking write through the thread's direct buffer: the JDK would copy a heap buffer
   * into a direct one anyway, and this copy costs no allocation and no cache lookup.
   */
  private int writeNow(byte[] bytes) throws IOException {
    ByteBuffer out = loop.writeBuffer();
    out.clear();
    out.put(bytes, 0, Math.min(bytes.length, out.capacity())).flip();
    return socket.write(out);
  }

  private void closeWith(int code) {
    send(ServerFrames.close(code));
    closeAfterFlush();
  }

  /** Reads nothing more and closes once what was sent is written. */
  private void closeAfterFlush() {
    state = State.CLOSING;
    leaveHub();
    leftover = null;
    partial = null;
    if (queue.isEmpty()) {
      close();
    } else {
      key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  /** Closes the socket now, dropping whatever waits; safe to call again. */
  void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    leaveHub();
    key.cancel();
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closed anyway.
    }
    queue.clear();
    leftover = null;
    partial = null;
  }

  private void leaveHub() {
    if (inHub) {
      inHub = false;
      loop.hub().disconnected(this);
    }
  }

  /** {@code buffer} (write mode), or a copy of it with room for {@code more} bytes. */
  private static ByteBuffer ensure(ByteBuffer buffer, int more) {
    if (buffer.remaining() >= more) {
      return buffer;
    }
    ByteBuffer grown =
        ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
    return grown.put(buffer.flip());
  }

  private static int indexOfSeparator(ByteBuffer data, int start, int end) {
    for (int i = start; i < end; i++) {
      if (data.get(i) == RS) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(ByteBuffer data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.get(start, bytes);
    return bytes;
  }
}
