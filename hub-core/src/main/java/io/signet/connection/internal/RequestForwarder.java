package io.signet.connection.internal;

import io.signet.connection.AsyncResponseWriter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request of a connection that another node owns (a long poll, a POST, a DELETE) to
 * that node over HTTP, and relays its answer, without holding a thread: the request is parked
 * (asynchronous servlet) while the JDK's {@link HttpClient} waits. The forwarded request carries
 * {@link #FORWARDED_HEADER}, so the owner serves it itself and never forwards it again. If the
 * owner cannot be reached, the client gets {@code 404}, as for a connection that has ended, and
 * starts over.
 */
final class RequestForwarder {
  private static final Logger log = LoggerFactory.getLogger(RequestForwarder.class);

  /** Marks a forwarded request; its value is ignored. */
  static final String FORWARDED_HEADER = "Signet-Forwarded";
  /** The largest POST body forwarded; more is answered {@code 413}. */
  static final long MAX_BODY = 4L * 1024 * 1024;
  /** Request headers the owner needs: authentication, and what selects the answer. */
  private static final List<String> HEADERS = List.of(
      "Authorization", "Cookie", "Content-Type", "Accept", "X-Requested-With", "User-Agent");
  /** Response headers relayed to the client. */
  private static final List<String> RESPONSE_HEADERS =
      List.of("Content-Type", "Cache-Control", "Pragma", "Expires", "WWW-Authenticate");

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final Duration longPollTimeout;

  /** @param longPollTimeout the owner's poll timeout; a forwarded poll may wait this long */
  RequestForwarder(Duration longPollTimeout) {
    this.longPollTimeout = longPollTimeout;
  }

  /** Whether {@code request} was forwarded by another node. */
  static boolean isForwarded(HttpServletRequest request) {
    return request.getHeader(FORWARDED_HEADER) != null;
  }

  /** This node's URL as the request reached it: {@code scheme://local-address:port}. */
  static String ownUrl(HttpServletRequest request, String advertised) {
    if (advertised != null) {
      return advertised;
    }
    String address = request.getLocalAddr();
    if (address.indexOf(':') >= 0 && !address.startsWith("[")) {
      address = "[" + address + "]"; // IPv6
    }
    return request.getScheme() + "://" + address + ":" + request.getLocalPort();
  }

  /** Forwards {@code request} (already asynchronous through {@code async}) to {@code ownerUrl}. */
  void forward(AsyncContext async, String ownerUrl) {
    HttpServletRequest request = (HttpServletRequest) async.getRequest();
    String method = request.getMethod();
    CompletionStage<byte[]> body = "POST".equals(method)
        ? BodyCollector.read(async, MAX_BODY)
        : CompletableFuture.completedFuture(null);
    body.thenCompose(bytes -> client.sendAsync(
            build(request, ownerUrl, bytes), HttpResponse.BodyHandlers.ofByteArray()))
        .whenComplete((answer, failure) -> relay(async, ownerUrl, answer, failure));
  }

  private HttpRequest build(HttpServletRequest request, String ownerUrl, byte[] body) {
    String query = request.getQueryString();
    URI target = URI.create(
        ownerUrl + request.getRequestURI() + (query == null ? "" : "?" + query));
    boolean poll = "GET".equals(request.getMethod());
    HttpRequest.Builder builder = HttpRequest.newBuilder(target)
        .timeout(poll ? longPollTimeout.plusSeconds(15) : Duration.ofSeconds(30))
        .header(FORWARDED_HEADER, "1")
        .method(request.getMethod(), body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        builder.header(name, value);
      }
    }
    return builder.build();
  }

  private static void relay(AsyncContext async, String ownerUrl,
      HttpResponse<byte[]> answer, Throwable failure) {
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    int status;
    byte[] body;
    if (answer != null) {
      status = answer.statusCode();
      body = answer.body();
      for (String name : RESPONSE_HEADERS) {
        answer.headers().firstValue(name).ifPresent(value -> response.setHeader(name, value));
      }
    } else if (rootCause(failure) instanceof BodyCollector.BodyTooLargeException) {
      status = HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
      body = "Request body too large".getBytes(StandardCharsets.UTF_8);
    } else {
      log.debug("Could not forward a request to {}", ownerUrl, failure);
      status = HttpServletResponse.SC_NOT_FOUND;
      body = "No Connection with that ID".getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain");
    }
    response.setStatus(status);
    response.setContentLength(body.length);
    try {
      AsyncResponseWriter writer = new AsyncResponseWriter(async);
      writer.write(body, true).whenComplete((done, writeFailure) -> writer.complete());
    } catch (IOException | RuntimeException e) {
      log.debug("The client of a forwarded request went away", e);
      async.complete();
    }
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
