package io.signet.connection;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes to an asynchronous servlet response without blocking: each {@link #write} is carried out
 * by the container's {@link WriteListener} as the client reads, and completes its stage when the
 * bytes are out. One write at a time; callers wait for the previous stage. Used by the SSE and
 * long-polling transports.
 */
public final class AsyncResponseWriter implements WriteListener {
  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Object lock = new Object();

  // Guarded by lock.
  private byte[] pending;
  private boolean flushAfter;
  private CompletableFuture<Void> pendingDone;
  private boolean ready;
  private Throwable failure;

  /**
   * Starts non-blocking output on {@code async}'s response; the container calls back on its own
   * threads.
   *
   * @param async the request's async context
   * @throws IOException when the response's output stream cannot be had
   */
  public AsyncResponseWriter(AsyncContext async) throws IOException {
    this.async = Objects.requireNonNull(async, "async == null");
    ServletResponse response = async.getResponse();
    if (!response.isCommitted() && isUndertow(async.getRequest().getServletContext())) {
      // Each write is a whole message or batch, flushed at once, so a container buffer only
      // holds what a failed write left behind. Undertow writes that remainder again when the
      // request completes, onto the socket the client already closed, and logs the failure as
      // an ERROR (UT005088) for every client that goes away; without a buffer it has none. Only
      // there: Jetty without a buffer sends a large body in small pieces, a 1 MB poll in seconds.
      response.setBufferSize(0);
    }
    this.out = response.getOutputStream();
    out.setWriteListener(this);
  }

  private static boolean isUndertow(ServletContext context) {
    return context != null && context.getServerInfo().startsWith("Undertow");
  }

  /**
   * Writes {@code bytes}, then flushes them to the client when {@code flush} is set.
   *
   * @param bytes the bytes, which the writer keeps until written
   * @param flush whether to flush after them
   * @return completes once written, exceptionally if the client is gone
   */
  public CompletionStage<Void> write(byte[] bytes, boolean flush) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean writeNow;
    synchronized (lock) {
      if (failure != null) {
        done.completeExceptionally(failure);
        return done;
      }
      if (pendingDone != null) {
        done.completeExceptionally(new IllegalStateException("A write is already in progress"));
        return done;
      }
      pending = bytes;
      flushAfter = flush;
      pendingDone = done;
      writeNow = ready;
    }
    if (writeNow) {
      onWritePossible();
    }
    return done;
  }

  /** Ends the response. Idempotent; safe from any thread. */
  public void complete() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // The container completed or timed out the request first; nothing is left to end.
    }
  }

  @Override
  public void onWritePossible() {
    while (true) {
      byte[] bytes;
      boolean flush;
      CompletableFuture<Void> done;
      synchronized (lock) {
        if (!out.isReady()) {
          ready = false; // the container calls onWritePossible again when it is
          return;
        }
        ready = true;
        if (pendingDone == null) {
          return;
        }
        bytes = pending;
        flush = flushAfter;
        done = pendingDone;
        pending = null;
        if (bytes == null) {
          // The bytes went out in an earlier round; only the flush was waiting for readiness.
          pendingDone = null;
        }
      }
      if (bytes == null) {
        done.complete(null);
        continue;
      }
      try {
        out.write(bytes);
        if (flush && out.isReady()) {
          out.flush();
        }
      } catch (IOException | RuntimeException e) {
        onError(e);
        return;
      }
      synchronized (lock) {
        if (out.isReady()) {
          pendingDone = null;
        } else {
          ready = false; // written into the container's buffer; done when it drains
          return;
        }
      }
      done.complete(null);
    }
  }

  @Override
  public void onError(Throwable error) {
    CompletableFuture<Void> done;
    synchronized (lock) {
      failure = error;
      done = pendingDone;
      pendingDone = null;
      pending = null;
    }
    if (done != null) {
      done.completeExceptionally(error);
    }
  }
}
