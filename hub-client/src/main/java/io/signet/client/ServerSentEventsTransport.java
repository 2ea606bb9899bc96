package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events on {@link java.net.http.HttpClient}: {@code GET url} with {@code Accept:
 * text/event-stream} carries the server's messages, one event per chunk; sends are {@code POST}s
 * to the same URL, one at a time. Text only, as on every SignalR server.
 *
 * <p>Unlike the JavaScript client, which must use {@code EventSource} and put the token in the
 * query, this sends {@code Authorization} as a header, as its other requests do.
 *
 * <p>Threads: events reach the receiver on the HTTP client's threads, one at a time and in
 * order. {@link #stop()} calls {@link Receiver#onClose} on the calling thread, as the JavaScript
 * transport does.
 */
final class ServerSentEventsTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(ServerSentEventsTransport.class);

  static final String FAILED_TO_CONNECT = "EventSource failed to connect. The connection could "
      + "not be found on the server, either the connection ID is not present on the server, or a "
      + "proxy is refusing/buffering the connection. If you have multiple servers check that "
      + "sticky sessions are enabled.";

  private final HttpAccess http;

  // Set by connect(). sender, non-null once connected, and stopped change under this object's
  // lock, so that stop() and the end of connecting agree on whether the transport connected.
  private volatile GuardedReceiver receiver;
  private volatile EventStreamSubscriber stream;
  private volatile CompletableFuture<?> response;
  private volatile PostSender sender;
  private volatile boolean stopped;

  /** A transport whose requests go through {@code http}. */
  ServerSentEventsTransport(HttpAccess http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public CompletionStage<Void> connect(URI url, TransferFormat format, Receiver receiver) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(receiver, "receiver == null");
    if (format != TransferFormat.Text) {
      return CompletableFuture.failedFuture(new HubConnectionException(
          "The Server-Sent Events transport only supports the 'Text' transfer format"));
    }
    GuardedReceiver guarded = new GuardedReceiver(receiver);
    this.receiver = guarded;
    EventStreamSubscriber subscriber = new EventStreamSubscriber(guarded);
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .GET()
        .header("Accept", "text/event-stream")
        .header("Cache-Control", "no-cache");
    // Only a 200 gets the event stream reader; a refusal's body is thrown away (and a 401 is
    // then sent again with a new token by HttpAccess).
    CompletableFuture<HttpResponse<Void>> sent = http.send(request,
        info -> info.statusCode() == 200 ? subscriber : HttpResponse.BodySubscribers.discarding());
    response = sent;
    stream = subscriber;
    return sent.handle((answer, error) -> {
      synchronized (this) {
        if (stopped) {
          subscriber.cancel();
          throw new HubConnectionException("The transport was stopped while it connected.");
        }
        if (error != null) {
          subscriber.cancel();
          throw new HubConnectionException(FAILED_TO_CONNECT, HttpAccess.unwrap(error));
        }
        if (answer.statusCode() != 200) {
          throw new HubConnectionException(FAILED_TO_CONNECT, null, answer.statusCode());
        }
        sender = new PostSender(http, url, format);
      }
      log.debug("SSE connected to {}", url);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> send(ByteBuffer data) {
    PostSender current = sender;
    if (current == null || stopped) {
      return CompletableFuture.failedFuture(
          new HubConnectionException("Cannot send until the transport is connected"));
    }
    return current.send(data);
  }

  /** Aborts the event stream (no {@code DELETE}: the server ends the connection with it). */
  @Override
  public CompletionStage<Void> stop() {
    boolean connected;
    synchronized (this) {
      stopped = true;
      connected = sender != null;
    }
    EventStreamSubscriber current = stream;
    if (current != null) {
      current.cancel();
    }
    CompletableFuture<?> pending = response;
    if (pending != null) {
      pending.cancel(true); // still waiting for the headers: abort the request
    }
    if (connected) {
      receiver.onClose(null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean hasInherentKeepAlive() {
    return false;
  }
}
