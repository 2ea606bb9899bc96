package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * A client of the Socket.IO peer, which the suite drives as it drives SignalR clients. It speaks
 * Engine.IO 4 on a WebSocket from the start, without negotiate or long polling first, as the
 * official client does with {@code transports: ['websocket']}: the server opens (packet
 * {@code 0}), the client connects to the default namespace ({@code 40}), and the server's
 * {@code 40{"sid":...}} makes it ready.
 *
 * <p>Engine.IO pings are answered here and reported to nobody, as WebSocket pings are. Events and
 * acks go to the listener as records, which {@link Protocol#SOCKET_IO} types as invocations and
 * completions; everything else ends the client.
 */
final class SocketIoClient extends WebSocketClient {
  /** Socket.IO's default path, whatever the target's hub path: the peer serves it there. */
  private static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  SocketIoClient(EventLoop loop, Target target, ClientListener listener, int index) {
    super(loop, target, Protocol.SOCKET_IO, listener, index);
  }

  @Override
  public void onConnected(TcpChannel channel) {
    // Not main: a connect that completes at once reports before main is set.
    channel.write(upgradeRequest());
  }

  @Override
  public void onData(TcpChannel channel, ByteBuffer data) {
    onTransportData(data); // no negotiate: the upgrade's response comes first
  }

  @Override
  protected String connectTarget() {
    return PATH;
  }

  @Override
  protected void sendHandshake() {
    // The server speaks first, with its open packet; the namespace connect answers that.
  }

  /** One Engine.IO packet: a WebSocket frame's payload. */
  @Override
  protected void records(ByteBuffer data, int start, int end) {
    if (start == end) {
      fail("the server sent an empty Engine.IO packet");
      return;
    }
    switch (data.get(start)) {
      case SocketIoMessages.MESSAGE -> message(data, start, end);
      case SocketIoMessages.PING -> pong(data, start, end);
      case SocketIoMessages.OPEN -> sendRaw(protocol.handshake());
      case SocketIoMessages.NOOP -> { }
      case SocketIoMessages.CLOSE -> fail("the server closed the Engine.IO session");
      default -> fail("unexpected Engine.IO packet: " + excerpt(data, start, end));
    }
  }

  private void message(ByteBuffer data, int start, int end) {
    byte type = end - start > 1 ? data.get(start + 1) : 0;
    boolean ready = isReady();
    if (ready && (type == SocketIoMessages.SIO_EVENT || type == SocketIoMessages.SIO_ACK)) {
      protocol.split(data, start, end, this);
    } else if (!ready && type == SocketIoMessages.SIO_CONNECT) {
      handshakeDone();
    } else if (type == SocketIoMessages.SIO_CONNECT_ERROR) {
      fail("the server refused the connect: " + excerpt(data, start, end));
    } else if (type == SocketIoMessages.SIO_DISCONNECT) {
      fail("the server disconnected the socket");
    } else {
      fail("unexpected Socket.IO packet: " + excerpt(data, start, end));
    }
  }

  /** A pong carries the ping's data back; the server's pings carry none. */
  private void pong(ByteBuffer data, int start, int end) {
    if (end - start == 1) {
      sendRaw(SocketIoMessages.PONG);
      return;
    }
    byte[] pong = new byte[end - start];
    data.get(start, pong);
    pong[0] = SocketIoMessages.PONG[0];
    sendRaw(pong);
  }

  private String excerpt(ByteBuffer data, int start, int end) {
    return protocol.text(data, start, Math.min(end, start + 200));
  }
}
