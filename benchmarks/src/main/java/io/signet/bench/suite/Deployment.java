package io.signet.bench.suite;

import java.util.List;

/**
 * What one run measures against: a single server process, or the nodes of a scale-out cluster
 * and the Redis they share. Clients connect to its ports; its processes' CPU time is the cost of
 * what they did.
 */
interface Deployment {

  /** The ports clients connect to on 127.0.0.1, one per node; {@link Fleet} spreads clients. */
  List<Integer> ports();

  /** The server processes (the nodes), whose CPU time is the servers' cost. */
  List<Long> serverPids();

  /** Processes the servers rely on (redis-server), measured apart; empty for one server. */
  default List<Long> helperPids() {
    return List.of();
  }
}
