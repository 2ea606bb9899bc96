/**
 * The load suite: scenarios run against Signet and the floor, interleaved and repeated, and the
 * Markdown report of the results. Scale-out scenarios run instead against a cluster of Signet
 * nodes over a redis-server the suite starts, and against a single Signet server.
 */
package io.signet.bench.suite;
