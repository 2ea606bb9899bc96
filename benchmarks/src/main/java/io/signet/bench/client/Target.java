package io.signet.bench.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Where clients connect: a hub path on a loopback server. Sockets bind to source addresses
 * 127.0.0.2 and up in turn, because one source address has only about 28,000 ephemeral ports
 * towards one server port.
 *
 * @param server the server's address
 * @param path the hub path, for example {@code /bench}
 * @param sources the local addresses sockets bind to, in turn
 */
public record Target(InetSocketAddress server, String path, List<InetAddress> sources) {

  public Target {
    Objects.requireNonNull(server, "server == null");
    Objects.requireNonNull(path, "path == null");
    sources = List.copyOf(sources);
  }

  /** The hub at {@code path} on {@code 127.0.0.1:port}, with {@code sourceCount} sources. */
  public static Target loopback(int port, String path, int sourceCount) {
    try {
      InetAddress server = InetAddress.getByName("127.0.0.1");
      InetAddress[] sources = new InetAddress[sourceCount];
      for (int i = 0; i < sourceCount; i++) {
        sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)});
      }
      return new Target(new InetSocketAddress(server, port), path, List.of(sources));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code Host} header value. */
  public String host() {
    return server.getAddress().getHostAddress() + ":" + server.getPort();
  }

  /** The source address for the {@code n}th socket. */
  public InetSocketAddress source(int n) {
    return sources.isEmpty() ? null
        : new InetSocketAddress(sources.get(Math.floorMod(n, sources.size())), 0);
  }
}
