/**
 * The load generator: SignalR JSON clients over WebSockets, Server-Sent Events and long polling,
 * written directly on NIO so that one thread drives every connection and the generator stays
 * cheaper than the servers it measures.
 */
package io.signet.bench.client;
