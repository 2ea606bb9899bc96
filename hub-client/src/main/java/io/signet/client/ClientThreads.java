package io.signet.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every connection shares unless the application gives its own executor: a pool for
 * callbacks (handlers, listeners, completions), which grows when callbacks block and shrinks when
 * idle, and one timer thread for keep-alive, timeouts and reconnect delays. All are daemon
 * threads, so that an application's JVM exits without closing every connection.
 */
final class ClientThreads {
  /** Callbacks; threads idle for 60 s end. */
  static final ExecutorService CALLBACKS = Executors.newCachedThreadPool(named("signet-client-"));
  /** Timers; tasks only hand work to other executors, never block. */
  static final ScheduledExecutorService TIMER = timer();

  private ClientThreads() {}

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("signet-client-timer-"));
    timer.setRemoveOnCancelPolicy(true); // cancelled timeouts do not pile up
    return timer;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
