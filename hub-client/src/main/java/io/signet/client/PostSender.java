package io.signet.client;

import io.signet.protocol.TransferFormat;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The client-to-server half of Server-Sent Events and long polling: each send is a {@code POST}
 * of the raw bytes to the connection's URL, and the next one leaves only after the previous one
 * was answered, as the JavaScript client's send queue does (the server would otherwise see
 * bodies out of order, or refuse a second concurrent one with {@code 409}).
 *
 * <p>Thread-safe; {@link #send} never blocks.
 */
final class PostSender {
  /** How long one send may take, as the JavaScript client's default request timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(100);

  private final HttpAccess http;
  private final URI url;
  private final String contentType;

  private final Object lock = new Object();
  /** The last send queued; the next one starts when it ends. Guarded by {@link #lock}. */
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

  /**
   * @param url the connection's URL, with its {@code id}
   * @param format {@code text/plain;charset=UTF-8} bodies for {@link TransferFormat#Text} (the
   *     JavaScript client's type for strings), {@code application/octet-stream} for binary ones
   */
  PostSender(HttpAccess http, URI url, TransferFormat format) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.url = Objects.requireNonNull(url, "url == null");
    this.contentType = format == TransferFormat.Binary ? "application/octet-stream"
        : "text/plain;charset=UTF-8";
  }

  /**
   * Queues a {@code POST} of {@code data}'s remaining bytes, copied now.
   *
   * @return completes when the server answered {@code 200}; fails with a {@link
   *     HubConnectionException} carrying the status otherwise, or the I/O error
   */
  CompletableFuture<Void> send(ByteBuffer data) {
    byte[] body = new byte[data.remaining()];
    data.duplicate().get(body);
    synchronized (lock) {
      // A failed send does not hold up the ones queued after it.
      CompletableFuture<Void> next = last.handle((ignored, error) -> null)
          .thenCompose(ignored -> post(body));
      last = next;
      return next;
    }
  }

  private CompletableFuture<Void> post(byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", contentType)
        .timeout(TIMEOUT);
    return http.send(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
      if (response.statusCode() != 200) {
        throw unexpectedStatus("send", response.statusCode());
      }
      return null;
    });
  }

  /**
   * The failure for an answer with an unexpected status, worded as the JavaScript client words
   * negotiate's ({@code Unexpected status code returned from negotiate '404'}); the Java HTTP
   * client has no reason phrase to quote as that client's {@code HttpError} does.
   */
  static HubConnectionException unexpectedStatus(String request, int status) {
    return new HubConnectionException(
        "Unexpected status code returned from " + request + " '" + status + "'", null, status);
  }
}
