package io.signet.server.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The thread pools Signet owns when the application gives none: named daemon threads. */
public final class SignetThreads {
  private static final String TIMER_PREFIX = "signet-timer-";
  /** Queued hub tasks beyond which new work is refused (the connection then ends with an error). */
  public static final int HUB_QUEUE_CAPACITY = 65_536;

  private SignetThreads() {}

  /** The default hub executor: a bounded pool with a bounded queue. */
  public static ExecutorService hubExecutor(int threads) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(HUB_QUEUE_CAPACITY), factory("signet-hub-"));
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** The one timer thread for keep-alive, timeouts and sweeping. */
  public static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, factory(TIMER_PREFIX));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** {@return whether the calling thread is one of Signet's timer threads} */
  public static boolean onTimerThread() {
    return Thread.currentThread().getName().startsWith(TIMER_PREFIX);
  }

  private static ThreadFactory factory(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
