/**
 * The scale-out service-provider interface: how a hub's sends, groups, client results and presence
 * reach connections held by other server processes.
 *
 * <p>Every hub has a {@link io.signet.hub.scaleout.LocalHubLifetimeManager}, the in-memory one,
 * which knows the connections of this process. Without a {@link io.signet.hub.scaleout.ScaleOut}
 * it is the hub's {@link io.signet.hub.scaleout.HubLifetimeManager}. With one (such as
 * {@code RedisScaleOut} from {@code hub-redis}), the scale-out's manager serves the hub: it
 * delivers locally through the local manager and reaches the other nodes its own way, and its
 * {@link io.signet.connection.ConnectionDirectory} lets any node serve any request of a
 * connection, so that a load balancer needs no sticky sessions.
 */
package io.signet.hub.scaleout;
