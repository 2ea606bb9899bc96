/**
 * The embedded default: {@link io.signet.jetty.SignetServer} starts Jetty 12 (EE10 servlets and
 * Jakarta WebSocket) serving a {@link io.signet.server.Signet} with one call.
 */
package io.signet.jetty;
