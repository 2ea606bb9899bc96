/** The WebSocket session behind {@link io.signet.transport.jetty.JettyWebSocketTransport}. */
package io.signet.transport.jetty.internal;
