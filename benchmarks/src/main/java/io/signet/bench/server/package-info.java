/**
 * The servers under test: Signet with the benchmark hub, and the floor (bare Jetty answering the
 * same calls with the least possible work), each started in its own process by
 * {@link io.signet.bench.server.ServerMain}; the nio floor (the same calls over WebSockets on
 * plain {@code java.nio}, one selector thread, one pre-built frame per message); and Signet as
 * one node of a cluster over Redis, one process per node.
 */
package io.signet.bench.server;
