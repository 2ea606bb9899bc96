/**
 * The long-polling transport on the Jakarta Servlet async API: each poll waits without holding a
 * thread and answers with everything pending; the client sends with {@code POST} and leaves with
 * {@code DELETE}. Found through {@link java.util.ServiceLoader}.
 */
package io.signet.transport.longpoll;
