package io.signet.interop.scaleout;

import io.signet.hub.HubUser;
import io.signet.jetty.SignetServer;
import io.signet.redis.RedisScaleOut;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real {@code redis-server} and {@code size} Signet nodes in this JVM, each on 127.0.0.1 and
 * a free port, serving {@link ClusterHub} with a {@link RedisScaleOut}, and a HubContext push at
 * {@code /api/sample-to-group} ({@link SampleServlet}). Bearer tokens
 * {@code token-<name>} authenticate as user {@code <name>}; requests without one are anonymous.
 * {@link #NODE_TIMEOUT} is short, so that presence of a stopped node vanishes quickly in tests.
 */
public final class Cluster implements AutoCloseable {
  /** The node timeout of every node: entries of a stopped node vanish within it. */
  public static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

  private final RedisServer redis;
  private final List<SignetServer> nodes = new ArrayList<>();

  private Cluster(RedisServer redis) {
    this.redis = redis;
  }

  /** Starts Redis and {@code size} nodes. */
  public static Cluster start(int size) {
    Cluster cluster = new Cluster(RedisServer.start());
    try {
      for (int i = 0; i < size; i++) {
        cluster.nodes.add(startNode(cluster.redis.uri(), 0));
      }
    } catch (RuntimeException | Error e) {
      cluster.close(); // no redis-server outlives a failed start
      throw e;
    }
    return cluster;
  }

  /** A node serving {@link ClusterHub} with a scale-out on {@code redisUri}, on {@code port}. */
  public static SignetServer startNode(String redisUri, int port) {
    Signet signet = Signet.builder()
        .hub(ClusterHub.class)
        // Pings every second: a client that vanishes without a word (an SSE stream closed
        // without a Close message) is noticed when a write fails, at the latest on the second
        // ping, so its presence goes within seconds, not the default 30.
        .configure(ClusterHub.class, o -> o.maximumParallelInvocationsPerClient(2)
            .keepAliveInterval(Duration.ofSeconds(1)))
        .authenticator((token, request) -> token != null && token.startsWith("token-")
            ? HubUser.of(token.substring("token-".length())) : null)
        .scaleOut(RedisScaleOut.builder(redisUri).nodeTimeout(NODE_TIMEOUT).build())
        .build();
    try {
      return SignetServer.builder().host("127.0.0.1").port(port).signet(signet)
          .servlet("/api/sample-to-group", new SampleServlet(signet.hubContext(ClusterHub.class)))
          .start();
    } catch (RuntimeException e) {
      signet.close();
      throw e;
    }
  }

  public RedisServer redis() {
    return redis;
  }

  /** {@code http://127.0.0.1:port} of node {@code index}. */
  public String baseUrl(int index) {
    return "http://127.0.0.1:" + nodes.get(index).port();
  }

  /** The base URLs of every node, comma-separated, for the Node scripts. */
  public String baseUrls() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      urls.add(baseUrl(i));
    }
    return String.join(",", urls);
  }

  public int size() {
    return nodes.size();
  }

  /** Stops node {@code index} (an orderly shutdown). */
  public void stopNode(int index) {
    nodes.get(index).close();
  }

  @Override
  public void close() {
    for (SignetServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        // Already stopped by a test; the others still need closing.
      }
    }
    redis.close();
  }
}
