/** Implementation of the Server-Sent Events transport: the event stream and its formatting. */
package io.signet.transport.sse.internal;
