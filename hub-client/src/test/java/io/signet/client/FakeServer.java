package io.signet.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A bare HTTP server on 127.0.0.1 for answers a real server would not give: scripted negotiate
 * answers (redirects, errors, old servers) and {@code 401}s. Records every request.
 */
final class FakeServer implements AutoCloseable {

  /** One request: its method, URI (path and query) and headers (looked up ignoring case). */
  record Request(String method, URI uri, Headers headers, int bodyLength) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** One answer: a status and a JSON body (none when empty). */
  record Answer(int status, String body) {
    static Answer json(String body) {
      return new Answer(200, body);
    }
  }

  private final HttpServer server;
  private final Function<Request, Answer> script;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeServer(Function<Request, Answer> script) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server answering each request with what {@code script} gives for it. */
  static FakeServer start(Function<Request, Answer> script) throws IOException {
    return new FakeServer(script);
  }

  /** {@return {@code http://127.0.0.1:port} followed by {@code pathAndQuery}} */
  URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  /** {@return the requests so far, in arrival order} */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      int bodyLength = exchange.getRequestBody().readAllBytes().length;
      Headers headers = new Headers();
      headers.putAll(exchange.getRequestHeaders());
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
          headers, bodyLength);
      requests.add(request);
      Answer answer = script.apply(request);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      if (body.length > 0) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
      }
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
