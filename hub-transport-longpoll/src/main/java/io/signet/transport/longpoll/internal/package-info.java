/** Implementation of the long-polling transport: the per-connection poll state. */
package io.signet.transport.longpoll.internal;
