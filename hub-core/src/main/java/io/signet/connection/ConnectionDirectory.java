package io.signet.connection;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where the connections of one endpoint live across a cluster, so that any node can serve any
 * request of a connection and a load balancer needs no sticky sessions. A scale-out supplies it
 * (see {@code io.signet.hub.scaleout.ScaleOut}); Signet uses it as follows:
 *
 * <ol>
 *   <li>negotiate {@linkplain #register registers} the new connection before the client hears of
 *       it, without giving it an owner;
 *   <li>the first transport request, on whichever node it reaches, {@linkplain #claim claims} it:
 *       that node becomes its owner and serves it;
 *   <li>every later request reaching another node (a long poll, a POST, the DELETE) is forwarded
 *       over HTTP to the owner's {@linkplain Entry#owner() URL}; a WebSocket cannot be forwarded,
 *       so a second one (a stateful reconnect's resume) is refused there and only the owner
 *       resumes the connection;
 *   <li>the owner reports the connection's {@linkplain #ended end}, and keeps the entries of its
 *       live connections from expiring.
 * </ol>
 *
 * <p>Implementations are thread-safe and never block; stages complete on their own threads. A
 * stage that fails (the store is unreachable) makes Signet fall back to this node alone: negotiate
 * keeps the connection local, and requests for unknown connections are answered {@code 404}.
 */
public interface ConnectionDirectory {

  /**
   * One connection's entry.
   *
   * @param connectionId its public id
   * @param negotiateVersion the negotiate version it was created with
   * @param owner the base URL ({@code http://10.0.0.5:8080}) of the node serving it, or
   *     {@code null} while no transport request claimed it
   * @param ended whether it has ended (its next poll is answered {@code 204})
   * @param statefulReconnect whether negotiate granted it stateful reconnect
   */
  record Entry(String connectionId, int negotiateVersion, String owner, boolean ended,
      boolean statefulReconnect) {
    /**
     * Checks the id.
     *
     * @param connectionId its public id, not {@code null}
     * @param negotiateVersion the negotiate version it was created with
     * @param owner the base URL of the node serving it, or {@code null}
     * @param ended whether it has ended
     * @param statefulReconnect whether negotiate granted it stateful reconnect
     */
    public Entry {
      Objects.requireNonNull(connectionId, "connectionId == null");
    }
  }

  /**
   * Records a negotiated connection, unowned; it expires if no transport claims it in time.
   *
   * @param token the connection token its transport requests carry
   * @param connectionId its public id
   * @param negotiateVersion the negotiate version it was created with
   * @param statefulReconnect whether negotiate granted stateful reconnect: the node that claims
   *     the connection keeps its replay buffer, and only that node can resume it
   * @return completes once recorded
   */
  CompletionStage<Void> register(String token, String connectionId, int negotiateVersion,
      boolean statefulReconnect);

  /**
   * Makes {@code owner} the owner of a registered, unowned connection, atomically: of two nodes
   * claiming at once, one wins.
   *
   * @param token the connection token
   * @param owner the base URL of the claiming node
   * @return the entry after the attempt (its owner is {@code owner} when this call won), or
   *     {@code null} for an unknown token
   */
  CompletionStage<Entry> claim(String token, String owner);

  /**
   * Looks a token up.
   *
   * @param token the connection token
   * @return the entry of the token, or {@code null} for an unknown one
   */
  CompletionStage<Entry> find(String token);

  /**
   * The connection ended on its owner; its entry stays, marked ended, for a while.
   *
   * @param token the connection token
   */
  void ended(String token);

  /**
   * The URL other nodes reach this one at, or {@code null} to use the address and port each
   * request arrived on ({@code scheme://local-address:local-port}).
   *
   * @return the URL, or {@code null}
   */
  default String advertisedUrl() {
    return null;
  }
}
