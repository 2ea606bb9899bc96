package io.signet.jetty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Negotiates over HTTP for the WebSocket tests. */
final class Negotiation {
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");
  private static final HttpClient http = HttpClient.newHttpClient();

  private Negotiation() {}

  static String token(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/echo/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    Matcher matcher = TOKEN.matcher(body);
    if (!matcher.find()) {
      throw new AssertionError("no token in " + body);
    }
    return matcher.group(1);
  }
}
