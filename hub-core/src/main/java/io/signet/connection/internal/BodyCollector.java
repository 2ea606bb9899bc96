package io.signet.connection.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a whole request body without blocking, up to a limit: for a request forwarded to another
 * node, which needs the body before it can send it on.
 */
final class BodyCollector implements ReadListener {
  private final ServletInputStream in;
  private final long limit;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> done = new CompletableFuture<>();
  private final byte[] chunk = new byte[8192];

  private BodyCollector(ServletInputStream in, long limit) {
    this.in = in;
    this.limit = limit;
  }

  /**
   * The body of {@code async}'s request.
   *
   * @return completes with the bytes, or exceptionally with a {@link BodyTooLargeException} past
   *     {@code limit} bytes or the I/O error
   */
  static CompletionStage<byte[]> read(AsyncContext async, long limit) {
    try {
      ServletInputStream in = async.getRequest().getInputStream();
      BodyCollector collector = new BodyCollector(in, limit);
      in.setReadListener(collector);
      return collector.done;
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (in.isReady() && !done.isDone()) {
      int read = in.read(chunk);
      if (read < 0) {
        return; // onAllDataRead follows
      }
      body.write(chunk, 0, read);
      if (body.size() > limit) {
        done.completeExceptionally(new BodyTooLargeException());
      }
    }
  }

  @Override
  public void onAllDataRead() {
    done.complete(body.toByteArray());
  }

  @Override
  public void onError(Throwable failure) {
    done.completeExceptionally(failure);
  }

  /** The body exceeded the limit. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("The request body is too large to forward");
    }
  }
}
