package io.signet.redis.internal;

import io.signet.connection.ConnectionDirectory;
import io.signet.hub.scaleout.HubLifetimeManager;
import io.signet.hub.scaleout.ScaleOutEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: its id, its hubs' lifetime managers and directories, the
 * heartbeat that keeps its presence and directory entries alive, and the repair after an outage
 * (subscribe again, rewrite presence). Thread-safe.
 */
public final class Cluster {
  private static final Logger log = LoggerFactory.getLogger(Cluster.class);

  private final RedisLink link;
  private final Keys keys;
  private final String node;
  private final Duration nodeTimeout;
  private final String advertisedUrl;
  private final boolean directories;
  private final Subscriptions subscriptions;
  private final PresenceStore presence;
  private final List<RedisHubLifetimeManager> managers = new CopyOnWriteArrayList<>();
  private final Map<String, RedisConnectionDirectory> directoryByPath = new ConcurrentHashMap<>();
  private volatile boolean joined;

  /**
   * @param advertisedUrl the URL other nodes forward requests to, or {@code null} for each
   *     request's local address
   * @param directories whether connections are registered cluster-wide (no sticky sessions)
   */
  public Cluster(RedisLink link, Keys keys, String node, Duration nodeTimeout,
      String advertisedUrl, boolean directories) {
    this.link = link;
    this.keys = keys;
    this.node = node;
    this.nodeTimeout = nodeTimeout;
    this.advertisedUrl = advertisedUrl;
    this.directories = directories;
    this.subscriptions = new Subscriptions(link);
    this.presence = new PresenceStore(link, keys, node, nodeTimeout);
    link.onReconnected(this::repair);
    long beat = Math.max(100, nodeTimeout.toMillis() / 3);
    link.scheduler().scheduleWithFixedDelay(this::heartbeat, 0, beat, TimeUnit.MILLISECONDS);
  }

  /** This node's id, random per process. */
  public String node() {
    return node;
  }

  /** The lifetime manager of one hub endpoint on this node. */
  public HubLifetimeManager lifetimeManager(ScaleOutEndpoint endpoint) {
    RedisHubLifetimeManager manager =
        new RedisHubLifetimeManager(endpoint, node, keys, link, subscriptions, presence);
    managers.add(manager);
    return manager;
  }

  /** The directory of one endpoint's connections, or {@code null} with sticky sessions. */
  public ConnectionDirectory directory(String path) {
    if (!directories) {
      return null;
    }
    return directoryByPath.computeIfAbsent(path,
        p -> new RedisConnectionDirectory(link, keys, p, advertisedUrl, nodeTimeout));
  }

  /** Leaves the cluster: this node's presence and directory entries go at once. */
  public void leave() {
    try {
      presence.leave().toCompletableFuture().get(2, TimeUnit.SECONDS);
      for (RedisConnectionDirectory directory : directoryByPath.values()) {
        directory.releaseAll().toCompletableFuture().get(2, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.debug("Could not remove this node's entries from Redis; they expire by themselves", e);
    }
  }

  private void heartbeat() {
    presence.heartbeat().whenComplete((missing, failure) -> {
      if (failure != null) {
        link.failed("heartbeat", failure);
        return;
      }
      if (missing && joined) {
        // Redis lost this node's entries (a restart without persistence) or counted it dead.
        log.info("This node's presence was missing from Redis; writing it again");
        link.scheduler().execute(this::rewritePresence);
      }
      joined = true;
    });
    for (RedisConnectionDirectory directory : directoryByPath.values()) {
      directory.refresh();
    }
  }

  /** After an outage: listen on every channel again and rewrite presence. */
  private void repair() {
    subscriptions.resubscribeAll();
    rewritePresence();
    heartbeat();
  }

  /** Writes this node's presence and directory entries again, after Redis lost them. */
  private void rewritePresence() {
    presence.rewrite(() -> {
      for (RedisHubLifetimeManager manager : managers) {
        manager.rewritePresence();
      }
    });
    for (RedisConnectionDirectory directory : directoryByPath.values()) {
      directory.restore();
    }
  }
}
