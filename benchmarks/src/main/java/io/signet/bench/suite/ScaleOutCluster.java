package io.signet.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scale-out cluster under test: one {@code redis-server} and {@link #NODES} Signet nodes, each
 * in its own JVM with {@code RedisScaleOut} pointing at that Redis, all pinned to the servers'
 * core (the generator keeps the other one). A single server's figures are measured on that same
 * one core, so the two compare what scale-out costs, not what a second machine would add.
 */
final class ScaleOutCluster implements Deployment, AutoCloseable {
  /** The server kind {@code ServerMain} starts as a node. */
  static final String NODE_KIND = "signet-redis";
  static final int NODES = 2;

  private final RedisProcess redis;
  private final List<ServerProcess> nodes;

  private ScaleOutCluster(RedisProcess redis, List<ServerProcess> nodes) {
    this.redis = redis;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts Redis, then the nodes; on failure, stops whatever started.
   *
   * @param core the core to pin every process to, or -1 for none
   * @param logs where the processes' logs go: {@code redis.log}, {@code signet-redis-N.log}
   */
  static ScaleOutCluster start(int core, Path logs) {
    RedisProcess redis = RedisProcess.start(core, logs.resolve("redis.log"));
    List<ServerProcess> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= NODES; i++) {
        nodes.add(ServerProcess.start(NODE_KIND, core, logs.resolve(NODE_KIND + "-" + i + ".log"),
            redis.uri()));
      }
      return new ScaleOutCluster(redis, nodes);
    } catch (RuntimeException e) {
      nodes.forEach(ServerProcess::close);
      redis.close();
      throw e;
    }
  }

  @Override
  public List<Integer> ports() {
    return nodes.stream().map(ServerProcess::port).toList();
  }

  @Override
  public List<Long> serverPids() {
    return nodes.stream().map(ServerProcess::pid).toList();
  }

  @Override
  public List<Long> helperPids() {
    return List.of(redis.pid());
  }

  /** Stops the nodes, then Redis (so no node sees it go away while still serving). */
  @Override
  public void close() {
    nodes.forEach(ServerProcess::close);
    redis.close();
  }
}
