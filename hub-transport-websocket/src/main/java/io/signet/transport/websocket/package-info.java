/**
 * The WebSockets transport, on the Jakarta WebSocket 2.1 API: works in any container that provides
 * a {@code jakarta.websocket.server.ServerContainer} (Jetty 12, Tomcat 10.1+, Undertow). Found
 * through {@link java.util.ServiceLoader} when this module is on the class path.
 */
package io.signet.transport.websocket;
