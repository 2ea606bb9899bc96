/**
 * The load generator: SignalR JSON clients over WebSockets, Server-Sent Events and long polling,
 * MessagePack clients over WebSockets, and Socket.IO clients for the Socket.IO peer, written
 * directly on NIO so that one thread drives every connection and the generator stays cheaper
 * than the servers it measures.
 */
package io.signet.bench.client;
