package io.signet.bench.server;

/** A server under test, started on a port and stopped once. */
public interface BenchServer extends AutoCloseable {

  /** The port it listens on. */
  int port();

  /** The connections it holds now (transport attached or not), for sanity checks. */
  int connectionCount();

  /** Stops it. */
  @Override
  void close();
}
