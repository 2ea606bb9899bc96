package io.signet.bench.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A non-blocking TCP connection owned by one {@link EventLoop}; every method runs on the loop
 * thread.
 *
 * <p>Reads land in the loop's shared buffer. The {@link Handler} consumes whole protocol units
 * (an HTTP head, a WebSocket frame, a chunk) and leaves a partial one unread; only those leftover
 * bytes are copied into this channel's own buffer, which idle connections therefore never hold.
 */
public final class TcpChannel {
  /** What happens on a channel; called on the loop thread. */
  public interface Handler {
    /** The connection is established. */
    void onConnected(TcpChannel channel);

    /**
     * Bytes arrived. Consume every complete unit from the buffer's position and leave a partial
     * one in place; it is offered again, with more bytes behind it, on the next read.
     */
    void onData(TcpChannel channel, ByteBuffer data);

    /** The connection ended: {@code cause} is {@code null} when this side closed it. */
    void onClosed(TcpChannel channel, IOException cause);
  }

  private final EventLoop loop;
  private final SocketChannel socket;
  private final SelectionKey key;
  private Handler handler;
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private ByteBuffer leftover; // a partial unit from earlier reads, in read mode
  private boolean closed;

  private TcpChannel(EventLoop loop, SocketChannel socket, Handler handler) throws IOException {
    this.loop = loop;
    this.socket = socket;
    this.handler = handler;
    this.key = socket.register(loop.selector(), SelectionKey.OP_CONNECT, this);
  }

  /**
   * Starts connecting from {@code local} (port 0: any) to {@code remote}; loop thread only.
   * {@link Handler#onConnected} or {@link Handler#onClosed} follows.
   */
  public static TcpChannel connect(EventLoop loop, InetSocketAddress local,
      InetSocketAddress remote, Handler handler) throws IOException {
    SocketChannel socket = SocketChannel.open();
    try {
      socket.configureBlocking(false);
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (local != null) {
        socket.bind(local);
      }
      TcpChannel channel = new TcpChannel(loop, socket, handler);
      if (socket.connect(remote)) {
        channel.key.interestOps(SelectionKey.OP_READ);
        handler.onConnected(channel);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Hands the channel to another handler (an HTTP exchange becoming a WebSocket). */
  public void handler(Handler value) {
    this.handler = value;
  }

  /** Whether the channel has been closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Sends {@code data} (consumed, or kept until the socket takes it). */
  public void write(ByteBuffer data) {
    if (closed) {
      return;
    }
    loop.countWritten(data.remaining());
    if (!pending.isEmpty()) {
      pending.add(data);
      return;
    }
    try {
      socket.write(data);
    } catch (IOException e) {
      fail(e);
      return;
    }
    if (data.hasRemaining()) {
      pending.add(data);
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }
  }

  /** Closes the socket; {@code reset} sends RST instead of FIN, leaving no TIME_WAIT behind. */
  public void close(boolean reset) {
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      if (reset && socket.isConnected()) {
        socket.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    pending.clear();
    leftover = null;
  }

  void fail(IOException cause) {
    if (closed) {
      return;
    }
    close(true);
    handler.onClosed(this, cause);
  }

  void onReady(SelectionKey ready) {
    if (!ready.isValid()) {
      return;
    }
    if (ready.isConnectable()) {
      finishConnect();
      return;
    }
    if (ready.isWritable()) {
      flushPending();
    }
    if (ready.isValid() && ready.isReadable()) {
      read();
    }
  }

  private void finishConnect() {
    try {
      socket.finishConnect();
    } catch (IOException e) {
      fail(e);
      return;
    }
    key.interestOps(SelectionKey.OP_READ);
    handler.onConnected(this);
  }

  private void flushPending() {
    try {
      while (!pending.isEmpty()) {
        ByteBuffer head = pending.peek();
        socket.write(head);
        if (head.hasRemaining()) {
          return;
        }
        pending.poll();
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
  }

  private void read() {
    ByteBuffer buffer = loop.readBuffer;
    buffer.clear();
    int count;
    try {
      count = socket.read(buffer);
    } catch (IOException e) {
      fail(e);
      return;
    }
    if (count < 0) {
      fail(new IOException("Connection closed by the server"));
      return;
    }
    loop.countRead(count);
    buffer.flip();
    if (leftover == null) {
      handler.onData(this, buffer);
      keepLeftover(buffer);
    } else {
      ByteBuffer joined = append(leftover, buffer);
      leftover = null;
      handler.onData(this, joined);
      keepLeftover(joined);
    }
  }

  private void keepLeftover(ByteBuffer data) {
    if (!closed && data.hasRemaining()) {
      ByteBuffer copy = ByteBuffer.allocate(Math.max(data.remaining(), 1024));
      copy.put(data).flip();
      leftover = copy;
    }
  }

  private static ByteBuffer append(ByteBuffer head, ByteBuffer tail) {
    ByteBuffer joined = ByteBuffer.allocate(head.remaining() + tail.remaining());
    joined.put(head).put(tail).flip();
    return joined;
  }
}
