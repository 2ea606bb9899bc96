package io.signet.observe;

import io.signet.connection.TransportType;

/**
 * A hub as its observer sees it: its name and path, and figures read on demand, for gauges.
 * The figures are computed when asked (they walk the hub's connections), so read them when
 * metrics are collected, not per event. Thread-safe.
 */
public interface ObservedHub {

  /** {@return the hub's name: its class's simple name, as ASP.NET Core names hubs in traces} */
  String name();

  /** {@return the hub's path, such as {@code /chatHub}} */
  String path();

  /**
   * The connections of this hub on this node whose transport is connected, on {@code transport}.
   *
   * @param transport the transport
   * @return the number of connections
   */
  int activeConnections(TransportType transport);

  /** {@return the bytes queued for this hub's connections and not yet handed to the network} */
  long queuedBytes();
}
