package io.signet.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on loopback between a client and a server, that a test tells to {@linkplain #cutAll
 * cut} every connection through it with a reset, as a network that goes away does (no close
 * frame, no FIN), to {@linkplain #hold hold} new connections unanswered until
 * {@linkplain #release released}, or to {@linkplain #retarget forward} new ones elsewhere. Two
 * threads per connection copy the bytes; each connection is one pair of real sockets.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private volatile int upstreamPort;
  // Guarded by this.
  private final List<Socket> open = new ArrayList<>();
  private final List<Socket> held = new ArrayList<>();
  private boolean holding;
  private boolean closed;

  TcpProxy() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** The port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Starts accepting, forwarding to {@code upstream} on loopback. */
  void start(int upstream) {
    upstreamPort = upstream;
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Forwards connections to {@code upstream} from now on, as a load balancer that sends a
   * client to another server; those open stay where they are.
   */
  void retarget(int upstream) {
    upstreamPort = upstream;
  }

  /** Resets every connection open through the proxy, both ways; returns how many. */
  int cutAll() {
    List<Socket> cut;
    synchronized (this) {
      cut = new ArrayList<>(open);
      open.clear();
    }
    for (Socket socket : cut) {
      reset(socket);
    }
    return cut.size() / 2;
  }

  /** Accepts new connections from now on but forwards nothing until {@link #release}. */
  synchronized void hold() {
    holding = true;
  }

  /** Forwards the connections held since {@link #hold}, and those to come. */
  void release() throws IOException {
    List<Socket> waiting;
    synchronized (this) {
      holding = false;
      waiting = new ArrayList<>(held);
      held.clear();
    }
    for (Socket client : waiting) {
      forward(client);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closed = true;
    }
    listener.close();
    cutAll();
    release();
  }

  private void accept() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        boolean hold;
        synchronized (this) {
          hold = holding && !closed;
          if (hold) {
            held.add(client);
          }
        }
        if (!hold) {
          forward(client);
        }
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void forward(Socket client) throws IOException {
    Socket server = new Socket();
    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
    client.setTcpNoDelay(true);
    server.setTcpNoDelay(true);
    synchronized (this) {
      open.add(client);
      open.add(server);
    }
    pump(client, server, "tcp-proxy-up-" + client.getPort());
    pump(server, client, "tcp-proxy-down-" + client.getPort());
  }

  /** Copies {@code from} to {@code to} until either ends; then ends both, normally. */
  private void pump(Socket from, Socket to, String name) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // Cut, or the other side went away: ends below either way.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        synchronized (this) {
          open.remove(from);
          open.remove(to);
        }
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close with RST rather than FIN
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
