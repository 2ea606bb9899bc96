package io.signet.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The group chat's REST API of one server, over loopback with the JDK's client: what a script or
 * the page does, for tests that talk to several servers.
 */
final class GroupChatApi {
  static final String PASSWORD = "password1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  /** The API of the server at {@code base} ({@code http://127.0.0.1:port/}). */
  GroupChatApi(URI base) {
    this.base = base;
  }

  /** Signs {@code name} up the first time, in after that, and returns the token. */
  String signIn(String name) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpResponse<String> up = HTTP.send(request("api/signup", null)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode answer = up.statusCode() == 201 ? JSON.readTree(up.body())
        : post("api/signin", null, body, 200);
    return answer.get("token").asText();
  }

  /** {@code GET path}, asserting {@code 200}. */
  JsonNode get(String path, String token) throws Exception {
    return send(request(path, token).GET(), 200);
  }

  /** {@code POST path} with a JSON body, asserting {@code expectedStatus}. */
  JsonNode post(String path, String token, String body, int expectedStatus) throws Exception {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(body)),
        expectedStatus);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static JsonNode send(HttpRequest.Builder request, int expectedStatus)
      throws Exception {
    HttpRequest built = request.build();
    HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s answered %s", built.method(), built.uri(), response.body())
        .isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }
}
