package io.signet.transport.sse.internal;

import io.signet.connection.AsyncResponseWriter;
import io.signet.connection.Connection;
import io.signet.connection.ConnectionHandler;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response serving one {@link Connection}. Each batch the
 * connection writes becomes one unnamed event holding whole records, written without blocking.
 *
 * <p>An event the client does not read is the connection's write in flight; if it outlives the
 * send timeout, the connection {@linkplain #abort aborts} the stream.
 */
public final class EventStream implements TransportSink, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  /** Firefox fires {@code onopen} only after the first bytes, and clients wait for it. */
  private static final byte[] OPENING_COMMENT = ":\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Connection connection;
  private final AsyncContext async;
  private final AsyncResponseWriter writer;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile CompletableFuture<Void> opened = CompletableFuture.completedFuture(null);

  private EventStream(Connection connection, AsyncContext async) throws IOException {
    this.connection = connection;
    this.async = async;
    this.writer = new AsyncResponseWriter(async);
  }

  /** Starts the event stream and attaches it to {@code connection} once its headers are out. */
  public static void open(HttpServletRequest request, HttpServletResponse response,
      Connection connection, ConnectionHandler handler) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache,no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("Content-Encoding", "identity");
    response.setHeader("X-Accel-Buffering", "no"); // keep reverse proxies from buffering events
    response.setHeader("Connection", "close");
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // SignalR's keep-alive and timeouts govern this response
    EventStream stream = new EventStream(connection, async);
    async.addListener(stream);
    // Attached before the client hears back, so that its first POST finds the connection active;
    // writes wait for the opening comment.
    connection.attach(stream, handler);
    stream.opened = stream.writer.write(OPENING_COMMENT, true).toCompletableFuture();
    stream.opened.whenComplete((ignored, failure) -> {
      if (failure != null) {
        stream.ended(failure);
      }
    });
  }

  @Override
  public CompletionStage<Void> write(List<OutboundPayload> batch) {
    byte[] event = format(batch);
    return opened.thenCompose(ignored -> writer.write(event, true));
  }

  @Override
  public void close(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      writer.complete();
    }
  }

  /**
   * Completes the response even if a close already did: that is as hard as the Servlet API goes.
   * A response completed before its body is out cannot be kept alive, so the container drops the
   * connection with what is unsent (Jetty does so at once), and reports the end to
   * {@link #onComplete} or {@link #onError}.
   */
  @Override
  public void abort(Throwable error) {
    ended.set(true);
    log.debug("Aborting the event stream of connection {}", connection.id());
    writer.complete();
  }

  /**
   * Formats payloads as one event: a {@code data:} line per line of payload (serialised JSON has
   * no raw newlines, so usually one), then an empty line. {@code EventSource} joins the lines with
   * {@code \n} and hands the client the payload unchanged.
   */
  static byte[] format(List<OutboundPayload> batch) {
    StringBuilder event = new StringBuilder(64);
    StringBuilder text = new StringBuilder();
    for (OutboundPayload payload : batch) {
      text.append(payload.text());
    }
    int start = 0;
    while (true) {
      int newline = text.indexOf("\n", start);
      int end = newline < 0 ? text.length() : newline;
      int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      event.append("data: ").append(text, start, lineEnd).append("\r\n");
      if (newline < 0) {
        break;
      }
      start = newline + 1;
    }
    event.append("\r\n");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void ended(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      writer.complete();
    }
    connection.transportClosed(error);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    connection.transportClosed(null);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    ended(null);
  }

  @Override
  public void onError(AsyncEvent event) {
    log.debug("Event stream of connection {} failed", connection.id(), event.getThrowable());
    ended(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}
}
