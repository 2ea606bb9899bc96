package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling on {@link java.net.http.HttpClient}, as the JavaScript client polls: {@code GET
 * url&_=<millis>} again and again, one poll outstanding at a time; {@code 200} with a body
 * carries messages, {@code 200} without one means poll again, {@code 204} means the server ended
 * the connection, anything else ends it with an error. A poll that takes more than 100 seconds
 * is dropped and the next one sent. Sends are {@code POST}s to the same URL, one at a time.
 *
 * <p>Departure from the JavaScript client: a first poll answered with anything but {@code 200}
 * fails {@link #connect} (that client connects anyway and then closes at once with the error),
 * so that {@link TransportConnector} can fall back to another transport.
 *
 * <p>Threads: polls complete on the HTTP client's threads; each one hands its body to the
 * receiver and then sends the next poll, so bodies arrive one at a time and in order. Nothing
 * blocks.
 */
final class LongPollingTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(LongPollingTransport.class);

  /** How long one poll may take before it is dropped for a new one, as in the JS client. */
  static final Duration POLL_TIMEOUT = Duration.ofSeconds(100);

  private final HttpAccess http;

  // Set by connect(). running turns true once connected and false for good when polling ends.
  private volatile URI url;
  private volatile GuardedReceiver receiver;
  private volatile PostSender sender;
  private volatile boolean running;
  private volatile boolean stopping; // stop() was called: it alone reports the end
  private volatile CompletableFuture<?> poll; // the poll outstanding, to abort it on stop()
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /** A transport whose requests go through {@code http}. */
  LongPollingTransport(HttpAccess http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public CompletionStage<Void> connect(URI url, TransferFormat format, Receiver receiver) {
    this.url = Objects.requireNonNull(url, "url == null");
    this.receiver = new GuardedReceiver(Objects.requireNonNull(receiver, "receiver == null"));
    // The server uses the first poll to finish setting the connection up; it answers at once.
    return poll().handle((response, error) -> {
      synchronized (this) {
        if (stopping) {
          throw new HubConnectionException("The transport was stopped while it connected.");
        }
        if (error != null) {
          Throwable cause = HttpAccess.unwrap(error);
          throw new HubConnectionException("Long polling failed to connect: " + cause, cause);
        }
        if (response.statusCode() != 200) {
          throw PostSender.unexpectedStatus("poll", response.statusCode());
        }
        sender = new PostSender(http, url, format);
        running = true;
      }
      log.debug("Long polling connected to {}", url);
      pollAgain();
      return null;
    });
  }

  private CompletableFuture<HttpResponse<byte[]>> poll() {
    URI target = HubUrls.withQueryParameter(url, "_", Long.toString(System.currentTimeMillis()));
    HttpRequest.Builder request = HttpRequest.newBuilder(target).GET().timeout(POLL_TIMEOUT);
    CompletableFuture<HttpResponse<byte[]>> sent =
        http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    poll = sent;
    return sent;
  }

  private void pollAgain() {
    if (!running) {
      return;
    }
    poll().whenComplete((response, error) -> {
      if (!running) {
        return; // stopped meanwhile: stop() reports the end, after its DELETE
      }
      if (error != null) {
        Throwable cause = HttpAccess.unwrap(error);
        if (cause instanceof HttpTimeoutException) {
          log.trace("Poll timed out, reissuing");
          pollAgain();
        } else {
          end(cause);
        }
        return;
      }
      int status = response.statusCode();
      if (status == 204) {
        log.debug("Poll terminated by server");
        end(null);
      } else if (status != 200) {
        end(PostSender.unexpectedStatus("poll", status));
      } else {
        byte[] body = response.body();
        if (body.length > 0) {
          receiver.onReceive(ByteBuffer.wrap(body).asReadOnlyBuffer());
        }
        pollAgain();
      }
    });
  }

  /** Polling ended without {@link #stop()}: the server closed the connection, or it failed. */
  private void end(Throwable error) {
    running = false;
    if (!stopping) {
      receiver.onClose(error);
    }
  }

  @Override
  public CompletionStage<Void> send(ByteBuffer data) {
    PostSender current = sender;
    if (current == null || !running) {
      return CompletableFuture.failedFuture(
          new HubConnectionException("Cannot send until the transport is connected"));
    }
    return current.send(data);
  }

  /**
   * Stops polling (the outstanding poll is aborted), sends {@code DELETE url} so that the server
   * ends the connection now rather than when it notices no poll comes (a {@code 404}, for a
   * connection already gone, is fine), and then reports the end to the receiver.
   */
  @Override
  public CompletionStage<Void> stop() {
    boolean connected;
    synchronized (this) {
      if (stopping) {
        return stopped;
      }
      stopping = true;
      connected = sender != null;
      running = false;
    }
    CompletableFuture<?> outstanding = poll;
    if (outstanding != null) {
      outstanding.cancel(true);
    }
    if (!connected) {
      stopped.complete(null);
      return stopped;
    }
    HttpRequest.Builder delete = HttpRequest.newBuilder(url).DELETE().timeout(PostSender.TIMEOUT);
    http.send(delete, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error != null) {
        log.debug("DELETE {} failed", url, HttpAccess.unwrap(error));
      } else if (response.statusCode() == 404) {
        log.trace("DELETE {}: 404, the connection was already gone", url);
      } else {
        log.trace("DELETE {}: {}", url, response.statusCode());
      }
      receiver.onClose(null);
      stopped.complete(null);
    });
    return stopped;
  }

  @Override
  public boolean hasInherentKeepAlive() {
    return true;
  }
}
