package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long polling by hand against {@link ScaleHub} on several nodes, so that a test chooses which
 * node each request reaches.
 */
final class RawLongPolling {
  static final char RS = '\u001e';
  static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final Pattern TOKEN = Pattern.compile("\"connectionToken\":\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Integer> ports;

  /** @param ports the nodes' ports, by node index */
  RawLongPolling(List<Integer> ports) {
    this.ports = ports;
  }

  String url(int node, String token) {
    return "http://127.0.0.1:" + ports.get(node) + "/scale" + (token == null ? "" : "?id=" + token);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int node, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url(node, token))).GET().build());
  }

  HttpResponse<String> post(int node, String token, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url(node, token)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  String negotiate(int node) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
        URI.create(url(node, null).replace("/scale", "/scale/negotiate?negotiateVersion=1")))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    Matcher matcher = TOKEN.matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  /** A connection negotiated on node 0, claimed by node 1, its handshake done through node 0. */
  String claimedByNode1() throws Exception {
    String token = negotiate(0);
    assertThat(get(1, token).statusCode()).isEqualTo(200); // the first poll claims it
    assertThat(post(0, token, HANDSHAKE).statusCode()).isEqualTo(200);
    assertThat(get(0, token).body()).isEqualTo("{}" + RS); // forwarded: the handshake answer
    return token;
  }

  /** Invokes WhoAmI through {@code postNode} and polls its answer through {@code pollNode}. */
  void call(String token, int postNode, int pollNode, int invocationId) throws Exception {
    String call = "{\"type\":1,\"invocationId\":\"" + invocationId + "\",\"target\":\"WhoAmI\","
        + "\"arguments\":[]}" + RS;
    assertThat(post(postNode, token, call).statusCode()).isEqualTo(200);
    HttpResponse<String> poll = get(pollNode, token);
    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(poll.body()).contains("\"invocationId\":\"" + invocationId + "\"");
  }
}
