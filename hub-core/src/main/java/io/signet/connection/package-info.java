/**
 * The connection layer: one {@link io.signet.connection.Connection} per client, negotiate, the
 * connection registry, and the {@link io.signet.connection.ServerTransport} SPI through which the
 * transport modules plug in. It moves bytes and knows nothing of hubs.
 */
package io.signet.connection;
