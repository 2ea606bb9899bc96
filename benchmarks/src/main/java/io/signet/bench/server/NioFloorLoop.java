package io.signet.bench.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The nio floor's one thread: a selector that accepts, reads and writes every connection, and
 * what they all share (the hub, the HTTP answers, one read and one write buffer, the frame
 * reader). One thread, because the server under test is pinned to one core: a second would only
 * take turns with the first, and every delivery from one to the other would cross threads.
 */
final class NioFloorLoop implements Runnable {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final Selector selector;
  private final ServerSocketChannel server;
  private final long outboundLimit;
  private final FloorHub hub = new FloorHub();
  private final HttpAnswers http = new HttpAnswers();
  private final ClientFrame frame = new ClientFrame();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
  private volatile boolean running = true;

  /** Serves {@code server}, a bound channel, once {@link #run} runs. */
  NioFloorLoop(ServerSocketChannel server, long outboundLimit) throws IOException {
    this.server = server;
    this.outboundLimit = outboundLimit;
    this.selector = Selector.open();
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  FloorHub hub() {
    return hub;
  }

  HttpAnswers http() {
    return http;
  }

  ClientFrame frame() {
    return frame;
  }

  /** Bytes a peer may have waiting to be written before it is dropped. */
  long outboundLimit() {
    return outboundLimit;
  }

  /** A direct buffer for one write at a time; nothing in it outlives the write. */
  ByteBuffer writeBuffer() {
    return writeBuffer;
  }

  @Override
  public void run() {
    try {
      while (running) {
        selector.select(this::onReady);
      }
    } catch (IOException e) {
      System.err.println("nio-floor: the selector failed: " + e);
    } finally {
      closeAll();
    }
  }

  /** Ends {@link #run} soon; any thread. */
  void stop() {
    running = false;
    selector.wakeup();
  }

  private void onReady(SelectionKey key) {
    if (key.channel() == server) {
      accept();
      return;
    }
    NioFloorPeer peer = (NioFloorPeer) key.attachment();
    try {
      // A delivery earlier in this round may have dropped the peer: check before each step.
      if (key.isValid() && key.isWritable()) {
        peer.onWritable();
      }
      if (key.isValid() && key.isReadable()) {
        peer.onReadable(readBuffer);
      }
    } catch (IOException e) {
      peer.close();
    } catch (RuntimeException e) {
      // Input the hub's scanning cannot make sense of: that connection ends, the server goes on.
      System.err.println("nio-floor: closing a connection after " + e);
      peer.close();
    }
  }

  private void accept() {
    SocketChannel socket;
    try {
      socket = server.accept();
    } catch (IOException e) {
      System.err.println("nio-floor: accept failed: " + e);
      return;
    }
    if (socket == null) {
      return;
    }
    try {
      socket.configureBlocking(false);
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true); // frames are small: no Nagle
      SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
      key.attach(new NioFloorPeer(this, socket, key));
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Never served.
      }
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof NioFloorPeer peer) {
        peer.close();
      }
    }
    try {
      server.close();
      selector.close();
    } catch (IOException ignored) {
      // Stopping anyway.
    }
  }
}
