/**
 * The Server-Sent Events transport on the Jakarta Servlet async API: the server-to-client half is
 * one long {@code text/event-stream} response written without blocking; the client sends with
 * {@code POST}. Text only. Found through {@link java.util.ServiceLoader}.
 */
package io.signet.transport.sse;
