package io.signet.bench.suite;

import io.signet.bench.client.Transport;

/**
 * Idle connections: what each costs the server once connected and quiet. Heap is measured after
 * full collections, before and after connecting; RSS is the whole process's resident memory, so it
 * includes direct buffers, thread stacks and heap the collector has not returned.
 */
final class IdleScenario implements Scenario {
  private final int clients;
  private final Results.Row heap;
  private final Results.Row rss;

  IdleScenario(int clients, Results.Goal goal) {
    this.clients = clients;
    String label = "Idle, " + Scenario.count(clients) + " clients, WebSockets";
    this.heap = new Results.Row(label, "heap after GC per connection", "bytes", goal);
    this.rss = new Results.Row(label, "RSS per connection", "bytes", goal);
  }

  @Override
  public String name() {
    return heap.scenario();
  }

  /** A fresh process: heap and RSS of a warmed-up one have room to spare that would hide costs. */
  @Override
  public boolean freshServer() {
    return true;
  }

  /**
   * The largest size runs once in the full plan: memory figures vary little between runs, and
   * a cold server takes over a minute to accept that many Signet clients.
   */
  @Override
  public int repetitions(Plan plan) {
    return plan.isFull() && clients == plan.idleSizes().get(plan.idleSizes().size() - 1)
        ? 1 : plan.repetitions();
  }

  @Override
  public void execute(Run run) {
    Plan plan = run.plan();
    ServerProcess server = run.process();
    long heap0 = server.heapAfterGc();
    long rss0 = server.rssBytes();
    try (Fleet fleet = run.fleet(Transport.WEBSOCKETS)) {
      long connectNanos =
          fleet.connect(clients, plan.connectConcurrency(), Scenario.connectTimeout(clients));
      Fleet.sleep(plan.warmup().toMillis()); // let the last handshakes' garbage become garbage
      long heap1 = server.heapAfterGc();
      long rss1 = server.rssBytes();
      int held = server.connections();
      if (held < clients) {
        throw new IllegalStateException("The server holds " + held + " of " + clients);
      }
      Scenario.settle(fleet, plan);
      run.add(heap, (double) (heap1 - heap0) / clients);
      run.add(rss, (double) (rss1 - rss0) / clients);
      run.extra(heap, "heap with connections (MB)", heap1 / 1e6);
      run.extra(rss, "RSS with connections (MB)", rss1 / 1e6);
      run.extra(heap, "connect time (s)", connectNanos / 1e9);
    }
  }
}
