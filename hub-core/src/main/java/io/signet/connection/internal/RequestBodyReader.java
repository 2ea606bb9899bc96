package io.signet.connection.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionOptions;
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
 *
 * <p>A body is held to {@link ConnectionOptions#maximumPostBodySize()}: one declared larger
 * ({@code Content-Length}) reaches nothing and is answered {@code 413}, and the connection goes
 * on; one that grows larger while it arrives (chunked) ends its connection, whose input may now
 * hold half a message, and is answered {@code 413}.
 *
 * <p>A body that is refused ({@code 413}, or {@code 404} for a connection that ended before it
 * came) is read to its end and dropped before the answer, up to {@link #MAX_DISCARDED}: a server
 * that answers and closes while the client still sends makes its TCP stack reset the
 * connection, and the client loses the answer.
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
  private final long maximumBody;
  private long received;
  /** Once set, the rest of the body is dropped and this is the answer; 0 until then. */
  private int refusalStatus;
  private String refusalText;
  private boolean accepted; // some bytes reached the connection
  private long discarded = -1; // bytes dropped after the connection ended; -1 while delivering

  private RequestBodyReader(
      Connection connection, AsyncContext async, ServletInputStream in, Runnable onDone) {
    this.connection = connection;
    this.async = async;
    this.in = in;
    this.onDone = onDone;
    this.maximumBody =
        connection == null ? Long.MAX_VALUE : connection.options().maximumPostBodySize();
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

  /**
   * Answers a {@code POST} that reaches no connection ({@code 404}, say) once its body has been
   * read and dropped, so that the client gets the answer rather than a reset connection.
   */
  static void refuse(HttpServletRequest request, int status, String text) throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    ServletInputStream in = request.getInputStream();
    RequestBodyReader reader = new RequestBodyReader(null, async, in, () -> {});
    reader.refuse(status, text);
    in.setReadListener(reader);
  }

  /** Starts reading the body of a request already in asynchronous mode. */
  static void resume(AsyncContext async, Connection connection, Runnable onDone)
      throws IOException {
    ServletInputStream in = async.getRequest().getInputStream();
    RequestBodyReader reader = new RequestBodyReader(connection, async, in, onDone);
    long declared = async.getRequest().getContentLengthLong();
    if (declared > reader.maximumBody) {
      log.debug("Refusing a POST of {} bytes for connection {}", declared, connection.id());
      reader.refuse(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge(reader.maximumBody));
    }
    in.setReadListener(reader);
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
          finish(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
              refusalStatus == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
                  ? refusalText : "");
          return;
        }
        continue;
      }
      received += read;
      if (received > maximumBody) {
        // Chunked, with no length declared: what came before this chunk reached the connection,
        // perhaps half a message of it, so the connection cannot go on.
        log.debug("Connection {} sent a POST larger than {} bytes", connection.id(), maximumBody);
        connection.abort(new IOException(tooLarge(maximumBody)));
        refuse(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge(maximumBody));
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
        // The connection ended before this body came (a POST queued behind one that ended it).
        refuse(HttpServletResponse.SC_NOT_FOUND, "No Connection with that ID");
      }
    }
  }

  @Override
  public void onAllDataRead() throws IOException {
    if (refusalStatus != 0) {
      finish(refusalStatus, refusalText);
      return;
    }
    // Every byte was taken while the connection lived: the send succeeded, even if what it
    // carried (a call of a method that aborts the connection, say) has ended the connection since.
    finish(HttpServletResponse.SC_OK, "");
  }

  @Override
  public void onError(Throwable error) {
    log.debug("Reading a POST for connection {} failed",
        connection == null ? "(none)" : connection.id(), error);
    if (finished.compareAndSet(false, true)) {
      try {
        async.complete();
      } finally {
        onDone.run();
      }
    }
  }

  /** From now on the body is only read and dropped, and answered so at its end. */
  private void refuse(int status, String text) {
    refusalStatus = status;
    refusalText = text;
    discarded = 0;
  }

  private static String tooLarge(long maximum) {
    return "The request body is larger than the maximum of " + maximum + " bytes";
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
