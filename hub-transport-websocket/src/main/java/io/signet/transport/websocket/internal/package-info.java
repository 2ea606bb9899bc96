/** Implementation of the WebSockets transport: the per-connection endpoint and its sink. */
package io.signet.transport.websocket.internal;
