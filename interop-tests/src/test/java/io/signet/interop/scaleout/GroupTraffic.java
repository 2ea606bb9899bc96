package io.signet.interop.scaleout;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of numbered messages ({@code "n:0"}, {@code "n:1"}, ...) to one group, sent
 * through one client's {@code toGroup} invocations, one after another, from a thread of its own
 * until {@linkplain #close closed}. Each invocation completes once its node delivered the message
 * to its own members and tried to publish it, so {@link #completed()} tells which messages the
 * cluster has seen.
 */
final class GroupTraffic implements AutoCloseable {
  /**
   * Between two messages: sets a steady rate (a few hundred a second at most), so that a long
   * outage does not mean tens of thousands of messages. Nothing waits on it.
   */
  private static final long PACE_MILLIS = 5;

  private final JavaClusterClient sender;
  private final String group;
  private final AtomicInteger next = new AtomicInteger();
  private final Thread thread;
  private volatile int completed = -1;
  private volatile boolean stopping;
  private volatile Throwable failure;

  private GroupTraffic(JavaClusterClient sender, String group) {
    this.sender = sender;
    this.group = group;
    this.thread = new Thread(this::run, "group-traffic");
    thread.setDaemon(true);
  }

  /** Starts sending to {@code group} through {@code sender}. */
  static GroupTraffic start(JavaClusterClient sender, String group) {
    GroupTraffic traffic = new GroupTraffic(sender, group);
    traffic.thread.start();
    return traffic;
  }

  private void run() {
    try {
      while (!stopping) {
        int number = next.getAndIncrement();
        sender.invoke("toGroup", group, "n:" + number);
        completed = number;
        Thread.sleep(PACE_MILLIS);
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** The number the next message will carry: every later message is sent after this call. */
  int nextNumber() {
    return next.get();
  }

  /** The highest number whose invocation completed, or -1. */
  int completed() {
    return completed;
  }

  /**
   * Stops after the message being sent.
   *
   * @throws AssertionError if an invocation failed, or the sender did not stop in time
   */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(JavaClusterClient.WAIT.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("The traffic did not stop within " + JavaClusterClient.WAIT);
    }
    if (failure != null) {
      throw new AssertionError("Sending message " + (completed + 1) + " failed", failure);
    }
  }
}
