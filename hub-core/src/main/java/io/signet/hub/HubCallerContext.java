package io.signet.hub;

import java.security.Principal;
import java.util.concurrent.ConcurrentMap;

/**
 * The connection a hub method, {@code onConnected} or {@code onDisconnected} runs for. Thread-safe;
 * valid for the connection's lifetime.
 */
public interface HubCallerContext {

  /** {@return the public id of the connection (what {@link HubClients#client(String)} takes)} */
  String connectionId();

  /** {@return the user's id for {@link HubClients#user(String)}, or {@code null} when anonymous} */
  String userIdentifier();

  /** {@return the authenticated user of the transport request, or {@code null} when anonymous} */
  Principal user();

  /** {@return state kept for as long as the connection lives; thread-safe} */
  ConcurrentMap<Object, Object> items();

  /**
   * Ends the connection: the client receives a {@code Close} without error and without a reconnect
   * hint, then {@code onDisconnected(null)} runs. Idempotent and non-blocking.
   */
  void abort();
}
