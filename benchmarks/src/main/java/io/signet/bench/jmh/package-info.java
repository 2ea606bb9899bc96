/**
 * JMH microbenchmarks of Signet's hot paths: the JSON protocol, argument binding and dispatch,
 * and fan-out to many connections, all in memory. Run with
 * {@code java -jar benchmarks/target/signet-benchmarks.jar jmh}.
 */
package io.signet.bench.jmh;
