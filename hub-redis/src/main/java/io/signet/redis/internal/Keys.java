package io.signet.redis.internal;

/**
 * Names of the Redis keys and channels of one scale-out. Every key carries the prefix as a hash
 * tag ({@code {signet}:...}), so that all of them live in one slot and the Lua scripts may touch
 * several.
 */
public final class Keys {
  private final String root;

  /** @param prefix the channel prefix, {@code signet} by default */
  public Keys(String prefix) {
    this.root = "{" + prefix + "}:";
  }

  /** The sorted set of live nodes, scored by their last heartbeat (Redis time, ms). */
  String nodes() {
    return root + "nodes";
  }

  /** The set of every presence key a node wrote, so that a dead node's keys can be deleted. */
  String nodeIndex(String node) {
    return nodeIndexPrefix() + node + ":keys";
  }

  String nodeIndexPrefix() {
    return root + "node:";
  }

  /** The start of one hub's keys and channels. */
  String hub(String path) {
    return root + "hub:" + path + ":";
  }

  /** The start of a hub's presence keys of one node: followed by the node id. */
  String presencePrefix(String path) {
    return hub(path) + "node:";
  }

  String groupSuffix(String group) {
    return ":group:" + group;
  }

  String userSuffix(String user) {
    return ":user:" + user;
  }

  /** The hash of a node's connections with a user: connection id to user id. */
  String usersSuffix() {
    return ":users";
  }

  String directoryEntry(String path, String token) {
    return hub(path) + "conn:" + token;
  }

  String allChannel(String path) {
    return hub(path) + "all";
  }

  String groupChannel(String path, String group) {
    return hub(path) + "group:" + group;
  }

  String userChannel(String path, String user) {
    return hub(path) + "user:" + user;
  }

  String connectionChannel(String path, String connectionId) {
    return hub(path) + "connection:" + connectionId;
  }

  /** Where a node receives the answers to its requests (acknowledgements, client results). */
  String replyChannel(String path, String node) {
    return hub(path) + "reply:" + node;
  }
}
