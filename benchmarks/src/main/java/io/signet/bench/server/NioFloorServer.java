package io.signet.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * The true floor: the generator's SignalR calls over WebSockets answered on plain
 * {@code java.nio} by one selector thread ({@link NioFloorLoop}), with no framework beneath. A
 * message's whole WebSocket frame is built once and written to each recipient as it is, straight
 * to the socket when nothing waits before it ({@link NioFloorPeer}); the hub scans the
 * generator's JSON like the Jetty floor's ({@link FloorHub}). HTTP is negotiate and the upgrade,
 * nothing more; SSE, long polling and MessagePack are not spoken.
 *
 * <p>Each connection may have as much waiting to be written as Signet's bench setting allows
 * ({@link SignetBenchServer#OUTBOUND_BUFFER}); past that it is dropped.
 */
final class NioFloorServer implements BenchServer {
  /** Above the suite's connect concurrency; the kernel caps it at its somaxconn. */
  private static final int BACKLOG = 1024;

  private final NioFloorLoop loop;
  private final Thread thread;
  private final int port;

  private NioFloorServer(NioFloorLoop loop, Thread thread, int port) {
    this.loop = loop;
    this.thread = thread;
    this.port = port;
  }

  static NioFloorServer start(String host, int port) throws IOException {
    return start(host, port, SignetBenchServer.OUTBOUND_BUFFER);
  }

  /** Starts a server whose connections may each have {@code outboundLimit} bytes waiting. */
  static NioFloorServer start(String host, int port, long outboundLimit) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(host, port), BACKLOG);
      NioFloorLoop loop = new NioFloorLoop(channel, outboundLimit);
      Thread thread = new Thread(loop, "nio-floor");
      thread.setDaemon(true);
      thread.start();
      return new NioFloorServer(loop, thread,
          ((InetSocketAddress) channel.getLocalAddress()).getPort());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int connectionCount() {
    return loop.hub().size();
  }

  @Override
  public void close() {
    loop.stop();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
