/**
 * Installing hubs into a servlet container: {@link io.signet.server.Signet} holds the registered
 * hubs and installs one endpoint per hub into any Servlet 6 / Jakarta WebSocket 2.1 container.
 */
package io.signet.server;
