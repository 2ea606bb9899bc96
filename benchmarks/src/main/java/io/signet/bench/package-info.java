/** Benchmarks of Signet: the command-line entry point. */
package io.signet.bench;
