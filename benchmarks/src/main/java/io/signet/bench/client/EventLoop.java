package io.signet.bench.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One thread and one selector serving every socket of the load generator, with timers. All client
 * state is confined to this thread, so nothing in the generator takes a lock or allocates a
 * thread per connection: one core drives tens of thousands of connections.
 *
 * <p>Other threads talk to the loop only through {@link #execute} and {@link #call}. Timers are
 * millisecond-grained (the selector's wait), which bounds how precisely an open-loop sender keeps
 * its schedule; latency is measured from the schedule, so a late send shows up as latency rather
 * than being hidden.
 */
public final class EventLoop implements AutoCloseable {
  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  // Loop thread only.
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong(Timer::due));
  /** One read buffer shared by every socket: only a partial unit is ever copied aside. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  private volatile boolean running = true;
  // Loop thread only: payload bytes the sockets read and were given to write (no TCP/IP headers).
  private long bytesRead;
  private long bytesWritten;

  /** A scheduled task; {@link #cancel()} it from the loop thread. */
  public static final class Timer {
    private final long due;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    long due() {
      return due;
    }

    /** Keeps the task from running; loop thread only. */
    public void cancel() {
      cancelled = true;
    }
  }

  /** Starts the loop thread, named {@code name}. */
  public EventLoop(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code task} on the loop thread, soon. Any thread. */
  public void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs {@code task} on the loop thread and returns its result. Any thread. */
  public <T> CompletableFuture<T> call(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(() -> {
      try {
        result.complete(task.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** Runs {@code task} after {@code delayNanos}; loop thread only. */
  public Timer schedule(long delayNanos, Runnable task) {
    Timer timer = new Timer(System.nanoTime() + delayNanos, task);
    timers.add(timer);
    return timer;
  }

  /** Bytes every socket of this loop has read so far; loop thread only. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Bytes every socket of this loop has been given to write so far; loop thread only. */
  public long bytesWritten() {
    return bytesWritten;
  }

  void countRead(int count) {
    bytesRead += count;
  }

  void countWritten(int count) {
    bytesWritten += count;
  }

  /** Whether the caller runs on the loop thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  Selector selector() {
    return selector;
  }

  private void run() {
    while (running) {
      runTasks();
      long waitNanos = runTimers();
      try {
        if (waitNanos == 0) {
          selector.selectNow();
        } else {
          long millis = waitNanos < 0 ? 100 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
          selector.select(millis);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dispatchReadyKeys();
    }
    closeAll();
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      runSafely(task);
    }
  }

  /** Runs due timers; returns nanos until the next one, or -1 when there is none. */
  private long runTimers() {
    while (!timers.isEmpty()) {
      Timer next = timers.peek();
      long wait = next.due - System.nanoTime();
      if (wait > 0 && !next.cancelled) {
        return wait;
      }
      timers.poll();
      if (!next.cancelled) {
        runSafely(next.task);
      }
    }
    return -1;
  }

  private void dispatchReadyKeys() {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      TcpChannel channel = (TcpChannel) key.attachment();
      try {
        channel.onReady(key);
      } catch (RuntimeException e) {
        channel.fail(new IOException("Handler failed", e));
      }
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // A generator bug must not kill the loop that every connection shares; it surfaces as
      // missing messages, which fail the run.
      e.printStackTrace();
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof TcpChannel channel) {
        channel.close(true);
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // Shutting down anyway.
    }
  }

  /** Stops the loop, resets every socket it still has, and waits up to 10 s for the thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
