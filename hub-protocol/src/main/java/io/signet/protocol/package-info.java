/**
 * The SignalR hub protocol: one record per message type, the {@link io.signet.protocol.HubProtocol}
 * contract, the JSON protocol, the handshake and record-separator framing.
 *
 * <p>Everything here is a pure function over bytes: no I/O and no threads. Server and client share
 * this package.
 */
package io.signet.protocol;
