package io.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signet.spring.secured.SecuredApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link SecuredApplication}: a Spring Security resource server whose hub requires a user. The
 * official JavaScript client is refused without a token and served with one, over each transport,
 * as the token's user with its roles; a WebSocket carrying its token in the query, as browsers
 * send it, is accepted too.
 */
@SpringBootTest(classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecuredHubTest {
  @LocalServerPort
  int port;

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"WebSockets", "ServerSentEvents", "LongPolling"})
  void refusesWithoutATokenAndServesTheTokensUser(String transport) throws Exception {
    NodeScript.run("secured", "http://127.0.0.1:" + port, transport, token("alice"));
  }

  @Test
  void takesTheTokenOfABrowsersWebSocketFromTheQuery() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String token = token("alice");
    HttpResponse<String> negotiate = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/secure/negotiate?negotiateVersion=1"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(negotiate.statusCode()).isEqualTo(200);
    String connectionToken =
        negotiate.body().replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");

    CompletableFuture<String> handshake = new CompletableFuture<>();
    WebSocket socket = client.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + port + "/secure?id=" + connectionToken
            + "&access_token=" + token),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            handshake.complete(data.toString());
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true);
    assertThat(handshake.get(10, TimeUnit.SECONDS)).isEqualTo("{}\u001e");
    socket.abort();
  }

  /** A token for {@code user} with the roles {@code admin} and {@code reader}. */
  static String token(String user) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
        .subject(user)
        .claim("roles", List.of("admin", "reader"))
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .build());
    jwt.sign(new MACSigner(SecuredApplication.SECRET));
    return jwt.serialize();
  }
}
