package io.signet.bench.server;

import java.util.Set;

/** One client of the floor, whatever its transport. Thread-safe. */
interface FloorPeer {

  /** Sends a message to this client without waiting for it to be written. */
  void deliver(FloorMessage message);

  /** The groups this client is in; the floor keeps it so that leaving is cheap. */
  Set<String> groups();
}
