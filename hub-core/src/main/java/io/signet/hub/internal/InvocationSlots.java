package io.signet.hub.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code maximumParallelInvocationsPerClient} slots of one connection: each plain invocation
 * holds one until its {@code CompletionStage} completes. As in ASP.NET Core, only the next
 * invocation waits for a free slot: until it arrives, reading goes on, so cancels, stream items,
 * client results and pings are still handled while calls run. Thread-safe.
 */
final class InvocationSlots {
  private final int slots;

  // Guarded by this: invocations running, and the gate the drain waits on when all are taken.
  private int active;
  private CompletableFuture<Void> gate;

  InvocationSlots(int slots) {
    this.slots = slots;
  }

  /** A gate to wait on before the next invocation when every slot is taken; else {@code null}. */
  synchronized CompletableFuture<Void> gateIfFull() {
    if (active < slots) {
      return null;
    }
    if (gate == null) {
      gate = new CompletableFuture<>();
    }
    return gate;
  }

  /** Counts {@code invocation} against the slots until it completes. */
  void occupy(CompletionStage<?> invocation) {
    if (invocation.toCompletableFuture().isDone()) {
      return; // it ran on this thread and is over: the slot is free again
    }
    synchronized (this) {
      active++;
    }
    invocation.whenComplete((ignored, failure) -> {
      CompletableFuture<Void> freed;
      synchronized (this) {
        active--;
        freed = gate;
        gate = null;
      }
      if (freed != null) {
        freed.complete(null);
      }
    });
  }
}
