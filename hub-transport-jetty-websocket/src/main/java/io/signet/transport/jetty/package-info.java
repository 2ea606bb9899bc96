/**
 * The WebSockets transport on Jetty 12's core WebSocket API. Frames reach the hub as bytes and leave
 * as bytes, so a message is neither decoded to a {@code String} on the way in nor re-encoded on the
 * way out, and a broadcast payload is shared by every recipient's frame. Found through
 * {@link java.util.ServiceLoader}; where Signet runs in a Jetty 12 ee10 servlet context it serves
 * WebSockets instead of the portable Jakarta WebSocket transport.
 */
package io.signet.transport.jetty;
