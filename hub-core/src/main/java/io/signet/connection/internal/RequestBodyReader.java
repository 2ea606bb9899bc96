package io.signet.connection.internal;

import io.signet.connection.Connection;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the body of a {@code POST} (the client-to-server half of SSE and long polling) without
 * blocking, handing each chunk to the connection as it arrives, as ASP.NET Core writes POST bodies
 * into the connection's input. The hub layer's limits (message size, inbound buffer) apply to what
 * it receives; if the connection has ended before a chunk arrives, reading stops and the client
 * gets {@code 404}.
 */
final class RequestBodyReader implements ReadListener {
  private static final Logger log = LoggerFactory.getLogger(RequestBodyReader.class);
  private static final int CHUNK = 8192;
  /** How much of a body is read and dropped after its connection ended, before giving up. */
  private static final long MAX_DISCARDED = 4L * 1024 * 1024;

  private final Connection connection;
  private final AsyncContext async;
  private final ServletInputStream in;
  private final Runnable onDone;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final byte[] chunk = new byte[CHUNK];
  private boolean accepted; // some bytes reached the connection
  private long discarded = -1; // bytes dropped after the connection ended; -1 while delivering

  private RequestBodyReader(
      Connection connection, AsyncContext async, ServletInputStream in, Runnable onDone) {
    this.connection = connection;
    this.async = async;
    this.in = in;
    this.onDone = onDone;
  }

  /**
   * Starts reading {@code request}'s body into {@code connection}.
   *
   * @param onDone runs once the response was sent, whatever the outcome
   */
  static void start(HttpServletRequest request, Connection connection, Runnable onDone)
      throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the connection's own timeouts apply, not the container's
    resume(async, connection, onDone);
  }

  /** Starts reading the body of a request already in asynchronous mode. */
  static void resume(AsyncContext async, Connection connection, Runnable onDone)
      throws IOException {
    ServletInputStream in = async.getRequest().getInputStream();
    in.setReadListener(new RequestBodyReader(connection, async, in, onDone));
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (in.isReady() && !in.isFinished()) {
      int read = in.read(chunk);
      if (read < 0) {
        return;
      }
      if (discarded >= 0) {
        discarded += read;
        if (discarded > MAX_DISCARDED) {
          finish(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "");
          return;
        }
        continue;
      }
      // receive() copies what it keeps, so one chunk buffer serves the whole body.
      if (connection.receive(ByteBuffer.wrap(chunk, 0, read))) {
        accepted = true;
      } else if (accepted) {
        // This body itself ended the connection (too large, malformed): the client learns why
        // from the Close message on its receiving half, so the POST itself succeeds; the rest
        // of the body is read and dropped.
        discarded = 0;
      } else {
        finish(HttpServletResponse.SC_NOT_FOUND, "No Connection with that ID");
        return;
      }
    }
  }

  @Override
  public void onAllDataRead() throws IOException {
    // Every byte was taken while the connection lived: the send succeeded, even if what it
    // carried (a call of a method that aborts the connection, say) has ended the connection since.
    finish(HttpServletResponse.SC_OK, "");
  }

  @Override
  public void onError(Throwable error) {
    log.debug("Reading a POST for connection {} failed", connection.id(), error);
    if (finished.compareAndSet(false, true)) {
      try {
        async.complete();
      } finally {
        onDone.run();
      }
    }
  }

  private void finish(int status, String body) throws IOException {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    // Done before answering: the client sends its next POST as soon as it has the answer.
    onDone.run();
    try {
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      HttpConnectionDispatcher.text(response, status, body);
    } finally {
      async.complete();
    }
  }
}
