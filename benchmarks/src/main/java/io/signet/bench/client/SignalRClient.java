package io.signet.bench.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One simulated SignalR client: negotiate, a transport, the handshake, then invocations in its
 * {@link Protocol}. Lives on one {@link EventLoop}; every method runs on its thread.
 *
 * <p>Subclasses implement a transport. This class negotiates on the main connection (which the
 * transport then reuses, as an HTTP/1.1 client with keep-alive would), splits what arrives into
 * messages, recognises the handshake response and reports the rest to the {@link ClientListener}.
 *
 * <p>A {@link SocketIoClient}, the Socket.IO peer's client, is one too (with Socket.IO's
 * handshake instead), so that the suite drives and counts both alike.
 */
public abstract class SignalRClient implements TcpChannel.Handler, Protocol.Records {
  /** The loop this client runs on. */
  protected final EventLoop loop;
  /** The server and hub path. */
  protected final Target target;
  /** The hub protocol this client speaks. */
  protected final Protocol protocol;
  private final ClientListener listener;
  private final int index;
  private final ResponseReader negotiateReader = new ResponseReader();
  /** The connection token from negotiate; {@code null} before. */
  protected String token;
  /** The main connection: negotiate, then the transport. */
  protected TcpChannel main;
  private boolean negotiated;
  private boolean ready;
  private boolean ended;
  private int opened; // connections this client opened, to spread them over source addresses

  SignalRClient(EventLoop loop, Target target, Protocol protocol, ClientListener listener,
      int index) {
    this.loop = loop;
    this.target = target;
    this.protocol = protocol;
    this.listener = listener;
    this.index = index;
  }

  /**
   * A client of {@code transport} speaking {@code protocol}; call {@link #start()} on the loop
   * thread.
   *
   * @throws IllegalArgumentException for MessagePack or Socket.IO on another transport than
   *     WebSockets
   */
  public static SignalRClient create(Transport transport, Protocol protocol, EventLoop loop,
      Target target, ClientListener listener, int index) {
    if (protocol != Protocol.JSON && transport != Transport.WEBSOCKETS) {
      throw new IllegalArgumentException(
          "The generator speaks " + protocol.label() + " over WebSockets only");
    }
    return switch (transport) {
      case WEBSOCKETS -> protocol == Protocol.SOCKET_IO
          ? new SocketIoClient(loop, target, listener, index)
          : new WebSocketClient(loop, target, protocol, listener, index);
      case SSE -> new SseClient(loop, target, listener, index);
      case LONG_POLLING -> new LongPollingClient(loop, target, listener, index);
    };
  }

  /** The index the creator gave this client. */
  public int index() {
    return index;
  }

  /** Whether the handshake completed and the client has not ended. */
  public boolean isReady() {
    return ready && !ended;
  }

  /** Connects and negotiates; the listener hears {@code onReady} or {@code onFailed}. */
  public void start() {
    main = open(this);
  }

  /** Sends one hub message (ending with its record separator) once the client is ready. */
  public abstract void send(byte[] record);

  /** Drops every connection of this client (with RST: no TIME_WAIT); reports nothing. */
  public void close() {
    ended = true;
    closeChannels();
  }

  /** Closes this transport's connections. */
  protected void closeChannels() {
    if (main != null) {
      main.close(true);
    }
  }

  /** Opens a connection to the server from the next source address, or fails the client. */
  protected TcpChannel open(TcpChannel.Handler handler) {
    try {
      InetSocketAddress source = target.source(index * 2 + opened++);
      return TcpChannel.connect(loop, source, target.server(), handler);
    } catch (IOException e) {
      fail("connect: " + e);
      return null;
    }
  }

  @Override
  public void onConnected(TcpChannel channel) {
    channel.write(Http.request("POST", target.path() + "/negotiate?negotiateVersion=1",
        target.host(), "", null));
  }

  @Override
  public void onData(TcpChannel channel, ByteBuffer data) {
    if (negotiated) {
      onTransportData(data);
      return;
    }
    if (!negotiateReader.read(data)) {
      return;
    }
    String body = Http.ascii(negotiateReader.body(), negotiateReader.bodyStart(),
        negotiateReader.bodyEnd());
    token = field(body, "connectionToken");
    if (negotiateReader.status() != 200 || token == null) {
      fail("negotiate answered " + negotiateReader.status() + ": " + body);
      return;
    }
    negotiated = true;
    openTransport();
    if (data.hasRemaining() && !ended) {
      onTransportData(data);
    }
  }

  @Override
  public void onClosed(TcpChannel channel, IOException cause) {
    fail(cause == null ? "closed" : cause.getMessage());
  }

  /** Negotiate succeeded: start the transport on {@link #main}. */
  protected abstract void openTransport();

  /** Bytes on {@link #main} after negotiate; same contract as {@link #onData}. */
  protected abstract void onTransportData(ByteBuffer data);

  /** Sends the handshake request through the transport. */
  protected void sendHandshake() {
    sendRaw(protocol.handshake());
  }

  /** Sends bytes before or after the handshake. */
  protected abstract void sendRaw(byte[] bytes);

  /**
   * Splits {@code [start, end)}, which holds whole messages, into messages: the handshake
   * response first (JSON, whatever the protocol), then the protocol's.
   */
  protected void records(ByteBuffer data, int start, int end) {
    int at = start;
    if (!ready) {
      int separator = Http.indexOf(data, start, end, "\u001e");
      if (separator < 0) {
        fail("handshake answered " + Messages.text(data, start, end));
        return;
      }
      if (separator - start != 2 || data.get(start) != '{' || data.get(start + 1) != '}') {
        fail("handshake answered " + Messages.text(data, start, separator));
        return;
      }
      handshakeDone();
      at = separator + 1;
    }
    if (!ended) {
      protocol.split(data, at, end, this);
    }
  }

  /** The handshake completed: the client is ready, and the listener hears so. */
  protected void handshakeDone() {
    ready = true;
    listener.onReady(this);
  }

  @Override
  public boolean record(ByteBuffer data, int start, int end) {
    listener.onRecord(this, data, start, end);
    return !ended;
  }

  @Override
  public void truncated(String rest) {
    fail("a message was cut short: " + rest);
  }

  /** Ends the client and reports {@code reason}, once. */
  protected void fail(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    closeChannels();
    listener.onFailed(this, reason);
  }

  /** Whether the client has ended. */
  protected boolean ended() {
    return ended;
  }

  /** The transport request target with the connection token. */
  protected String connectTarget() {
    return target.path() + "?id=" + token;
  }

  private static String field(String json, String name) {
    String key = "\"" + name + "\":\"";
    int at = json.indexOf(key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = json.indexOf('"', start);
    return end < 0 ? null : json.substring(start, end);
  }
}
