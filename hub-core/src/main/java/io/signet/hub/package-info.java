/**
 * The public hub API: {@link io.signet.hub.Hub} and its annotations, the caller context, the client
 * proxies, groups, {@link io.signet.hub.HubContext} for sending from outside a hub, and
 * {@link io.signet.hub.HubOptions}.
 */
package io.signet.hub;
