package io.signet.hub;

import io.signet.connection.ConnectionRequest;
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

  /**
   * The HTTP request that connected, copied when it did (ASP.NET Core's {@code GetHttpContext()}):
   * its path, query parameters, headers, addresses and whether it was secure. Secrets are left
   * out: no {@code Authorization} header, no {@code access_token} or {@code id} query parameter.
   * {@code null} for a connection that no HTTP request made (an in-memory one, in tests).
   *
   * @return the request, without secrets, or {@code null}
   */
  ConnectionRequest request();

  /**
   * State kept for as long as the connection lives; thread-safe.
   *
   * @return the connection's items, mutable
   */
  ConcurrentMap<Object, Object> items();

  /**
   * Ends the connection: the client receives a {@code Close} without error and without a reconnect
   * hint, then {@code onDisconnected(null)} runs. Idempotent and non-blocking.
   */
  void abort();
}
