package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * The WebSockets transport: the negotiate connection is upgraded, the handshake goes out as a text
 * frame and every invocation as one frame of its own (binary for MessagePack), and every frame
 * received holds whole messages.
 *
 * <p>Not final: a {@link SocketIoClient} is the same WebSocket without negotiate.
 */
class WebSocketClient extends SignalRClient {
  private final WebSocketFrames.Frame frame = new WebSocketFrames.Frame();
  private boolean upgraded;
  private ByteBuffer fragments; // a fragmented message being joined; rare

  WebSocketClient(EventLoop loop, Target target, Protocol protocol, ClientListener listener,
      int index) {
    super(loop, target, protocol, listener, index);
  }

  @Override
  protected void openTransport() {
    main.write(upgradeRequest());
  }

  /** The GET that upgrades the connection to a WebSocket at {@link #connectTarget()}. */
  protected ByteBuffer upgradeRequest() {
    return Http.request("GET", connectTarget(), target.host(), WebSocketFrames.UPGRADE_HEADERS,
        null);
  }

  @Override
  protected void onTransportData(ByteBuffer data) {
    if (!upgraded) {
      Http.Head head = Http.parseHead(data);
      if (head == null) {
        return;
      }
      if (head.status() != 101) {
        fail("upgrade answered " + head.status());
        return;
      }
      upgraded = true;
      sendHandshake();
    }
    while (!ended() && WebSocketFrames.next(data, frame)) {
      onFrame(data);
    }
  }

  private void onFrame(ByteBuffer data) {
    int start = frame.payloadStart;
    int end = start + frame.length;
    switch (frame.opcode) {
      case WebSocketFrames.OP_TEXT, WebSocketFrames.OP_BINARY, WebSocketFrames.OP_CONTINUATION -> {
        if (frame.fin && fragments == null) {
          records(data, start, end);
        } else {
          joinFragment(data, start, end);
        }
      }
      case WebSocketFrames.OP_CLOSE -> fail("the server closed the WebSocket");
      case WebSocketFrames.OP_PING -> {
        byte[] payload = new byte[frame.length];
        data.get(start, payload);
        main.write(WebSocketFrames.frame(0xA, payload));
      }
      default -> { } // pong: nothing to do
    }
  }

  private void joinFragment(ByteBuffer data, int start, int end) {
    int length = end - start;
    if (fragments == null) {
      fragments = ByteBuffer.allocate(Math.max(4096, length));
    } else if (fragments.remaining() < length) {
      ByteBuffer grown = ByteBuffer.allocate((fragments.position() + length) * 2);
      grown.put(fragments.flip());
      fragments = grown;
    }
    fragments.put(fragments.position(), data, start, length);
    fragments.position(fragments.position() + length);
    if (frame.fin) {
      ByteBuffer joined = fragments.flip();
      fragments = null;
      records(joined, 0, joined.limit());
    }
  }

  @Override
  public void send(byte[] record) {
    if (isReady()) {
      main.write(protocol.binary()
          ? WebSocketFrames.binary(record) : WebSocketFrames.text(record));
    }
  }

  @Override
  protected void sendRaw(byte[] bytes) {
    main.write(WebSocketFrames.text(bytes));
  }
}
