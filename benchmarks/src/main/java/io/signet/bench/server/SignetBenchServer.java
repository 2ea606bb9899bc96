package io.signet.bench.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signet.jetty.SignetServer;
import io.signet.micrometer.SignetMetrics;
import io.signet.redis.RedisScaleOut;
import io.signet.server.Signet;
import io.signet.transport.longpoll.LongPollingTransport;
import io.signet.transport.sse.ServerSentEventsTransport;
import io.signet.transport.websocket.WebSocketTransport;

/**
 * Signet serving {@link BenchHub} on the embedded Jetty of {@code hub-jetty}, as an application
 * would start it.
 *
 * <p>One option differs from the defaults: the outbound buffer is 64 MiB instead of 1 MiB. A
 * fan-out scenario drives the server past saturation on purpose to find it; with the default,
 * clients that fall behind there would be disconnected as slow consumers, which is Signet's
 * protection working, not a throughput figure. The floor has no such limit either.
 *
 * <p>As a node of a cluster, it is the same server with {@link RedisScaleOut} and its defaults.
 * As {@code signet-jakarta}, its WebSockets run on the portable Jakarta WebSocket transport. As
 * {@code signet-metrics}, {@code hub-micrometer}'s {@link SignetMetrics} observes its hub, on a
 * {@link SimpleMeterRegistry} (which keeps every meter in memory, as a registry that a scraper
 * reads would): the same server otherwise, so that the two compare what metrics cost.
 */
final class SignetBenchServer implements BenchServer {
  static final long OUTBOUND_BUFFER = 64L * 1024 * 1024;

  private final Signet signet;
  private final SignetServer server;

  private SignetBenchServer(Signet signet, SignetServer server) {
    this.signet = signet;
    this.server = server;
  }

  static SignetBenchServer start(String host, int port) {
    return start(host, port, null);
  }

  /**
   * Starts a server whose WebSockets are the portable Jakarta transport
   * ({@code hub-transport-websocket}) instead of the Jetty-native one Signet prefers.
   */
  static SignetBenchServer startJakarta(String host, int port) {
    return start(host, port, null, true, false);
  }

  /** Starts a server whose hub is measured by {@link SignetMetrics}, on Jetty-native WebSockets. */
  static SignetBenchServer startWithMetrics(String host, int port) {
    return start(host, port, null, false, true);
  }

  /**
   * Starts a server; with {@code redisUri}, a node of the cluster that shares that Redis.
   *
   * @param redisUri {@code redis://host:port}, or {@code null} for a single server
   */
  static SignetBenchServer start(String host, int port, String redisUri) {
    return start(host, port, redisUri, false, false);
  }

  private static SignetBenchServer start(String host, int port, String redisUri,
      boolean jakarta, boolean metrics) {
    Signet.Builder builder = Signet.builder()
        .hub(BenchHub.class)
        .options(o -> o.maximumOutboundBufferSize(OUTBOUND_BUFFER));
    if (jakarta) {
      builder.transports(new WebSocketTransport(), new ServerSentEventsTransport(),
          new LongPollingTransport());
    }
    if (redisUri != null) {
      builder.scaleOut(RedisScaleOut.create(redisUri));
    }
    if (metrics) {
      builder.observer(new SignetMetrics(new SimpleMeterRegistry()));
    }
    Signet signet = builder.build();
    SignetServer server = SignetServer.builder().host(host).port(port).signet(signet).start();
    return new SignetBenchServer(signet, server);
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public int connectionCount() {
    return signet.connectionCount();
  }

  @Override
  public void close() {
    server.close();
  }
}
