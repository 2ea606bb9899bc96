/**
 * The load suite: scenarios run against Signet and the floor, interleaved and repeated, and the
 * Markdown report of the results.
 */
package io.signet.bench.suite;
