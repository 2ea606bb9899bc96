package io.signet.client;

import static io.signet.client.Waiting.await;
import static io.signet.client.Waiting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.client.FakeServer.Answer;
import io.signet.protocol.TransferFormat;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Negotiate's request and every kind of answer, against scripted answers. */
class NegotiatorTest {
  private static final String V1 = "{\"negotiateVersion\":1,\"connectionId\":\"id1\","
      + "\"connectionToken\":\"token1\",\"availableTransports\":["
      + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
      + "{\"transport\":\"Carrier pigeon\",\"transferFormats\":[\"Text\"]},"
      + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\",\"Morse\"]},"
      + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]}";

  private FakeServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Negotiator negotiator(Map<String, String> headers,
      Supplier<? extends CompletionStage<String>> tokens) {
    return new Negotiator(new HttpAccess(HttpAccess.newDefaultClient(), headers, tokens));
  }

  private Negotiator negotiator() {
    return negotiator(Map.of(), null);
  }

  private void serve(Function<FakeServer.Request, Answer> script) throws Exception {
    server = FakeServer.start(script);
  }

  @Test
  void postsToNegotiateKeepingTheQueryAndReadsAVersion1Answer() throws Exception {
    serve(request -> Answer.json(V1));

    Negotiation negotiation = await(negotiator(Map.of("X-Test", "yes"), null)
        .negotiate(server.url("/hub?app=1&name=a%20b"), false));

    FakeServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().getRawPath()).isEqualTo("/hub/negotiate");
    assertThat(request.uri().getRawQuery()).isEqualTo("app=1&name=a%20b&negotiateVersion=1");
    assertThat(request.bodyLength()).isZero();
    assertThat(request.header("User-Agent")).startsWith("Signet SignalR Java client/0.1 (Java ");
    assertThat(request.header("X-Test")).isEqualTo("yes");
    assertThat(request.header("Authorization")).isNull();
    assertThat(negotiation.hubUrl()).isEqualTo(server.url("/hub?app=1&name=a%20b"));
    assertThat(negotiation.connectionId()).isEqualTo("id1");
    assertThat(negotiation.connectionToken()).isEqualTo("token1");
    assertThat(negotiation.useStatefulReconnect()).isFalse();
    assertThat(negotiation.transports()).containsExactly(
        new AvailableTransport(TransportType.WEBSOCKETS,
            Set.of(TransferFormat.Text, TransferFormat.Binary)),
        new AvailableTransport(TransportType.SERVER_SENT_EVENTS,
            Set.of(TransferFormat.Text)),
        new AvailableTransport(TransportType.LONG_POLLING,
            Set.of(TransferFormat.Text, TransferFormat.Binary)));
  }

  @Test
  void aTrailingSlashIsNotDoubledAndStatefulReconnectIsAskedFor() throws Exception {
    serve(request -> Answer.json(V1.replace("{\"negotiateVersion\":1,",
        "{\"useStatefulReconnect\":true,\"negotiateVersion\":1,")));

    Negotiation negotiation = await(negotiator().negotiate(server.url("/hub/"), true));

    URI uri = server.requests().get(0).uri();
    assertThat(uri.getRawPath()).isEqualTo("/hub/negotiate");
    assertThat(uri.getRawQuery()).isEqualTo("negotiateVersion=1&useStatefulReconnect=true");
    assertThat(negotiation.useStatefulReconnect()).isTrue();
  }

  @Test
  void aVersion0AnswerUsesTheIdAsToken() throws Exception {
    serve(request -> Answer.json("{\"connectionId\":\"old\",\"availableTransports\":[]}"));

    Negotiation negotiation = await(negotiator().negotiate(server.url("/hub"), false));

    assertThat(negotiation.connectionId()).isEqualTo("old");
    assertThat(negotiation.connectionToken()).isEqualTo("old");
    assertThat(negotiation.transports()).isEmpty();
  }

  @Test
  void anErrorAnswerFailsWithItsText() throws Exception {
    serve(request -> Answer.json("{\"error\":\"Go away.\"}"));

    assertThat(failure(negotiator().negotiate(server.url("/hub"), false)))
        .isInstanceOf(HubConnectionException.class).hasMessage("Go away.");
  }

  @Test
  void anOldAspNetServerIsRecognised() throws Exception {
    serve(request -> Answer.json("{\"Url\":\"/signalr\",\"ProtocolVersion\":\"1.5\"}"));

    assertThat(failure(negotiator().negotiate(server.url("/hub"), false)))
        .isInstanceOf(HubConnectionException.class).hasMessage(Negotiator.OLD_SERVER);
  }

  @Test
  void statefulReconnectGrantedUnaskedFails() throws Exception {
    serve(request -> Answer.json("{\"useStatefulReconnect\":true,\"negotiateVersion\":1,"
        + "\"connectionId\":\"a\",\"connectionToken\":\"b\",\"availableTransports\":[]}"));

    assertThat(failure(negotiator().negotiate(server.url("/hub"), false)))
        .isInstanceOf(HubConnectionException.class)
        .hasMessage("Client didn't negotiate Stateful Reconnect but the server did.");
  }

  @Test
  void aStatusOtherThan200FailsWithTheStatus() throws Exception {
    serve(request -> new Answer(404, ""));

    Throwable error = failure(negotiator().negotiate(server.url("/hub"), false));

    assertThat(error).isInstanceOf(HubConnectionException.class).hasMessage(
        "Failed to complete negotiation with the server: Unexpected status code returned from "
            + "negotiate '404' Either this is not a SignalR endpoint or there is a proxy blocking "
            + "the connection.");
    assertThat(((HubConnectionException) error).statusCode()).isEqualTo(404);
  }

  @Test
  void anAnswerThatIsNotJsonFails() throws Exception {
    serve(request -> Answer.json("<html>Welcome</html>"));

    assertThat(failure(negotiator().negotiate(server.url("/hub"), false)))
        .isInstanceOf(HubConnectionException.class)
        .hasMessageStartingWith(Negotiator.FAILED);
  }

  @Test
  void anUnreachableServerFails() throws Exception {
    serve(request -> Answer.json(V1));
    URI gone = server.url("/hub");
    server.close();
    server = null;

    Throwable error = failure(negotiator().negotiate(gone, false));

    assertThat(error).isInstanceOf(HubConnectionException.class)
        .hasMessageStartingWith(Negotiator.FAILED).hasCauseInstanceOf(IOException.class);
    assertThat(((HubConnectionException) error).statusCode()).isZero();
  }

  @Test
  void redirectsAreFollowedWithTheirAccessTokens() throws Exception {
    serve(request -> switch (request.uri().getRawPath()) {
      case "/first/negotiate" -> Answer.json("{\"url\":\"" + server.url("/second?x=1")
          + "\",\"accessToken\":\"t1\"}");
      case "/second/negotiate" -> Answer.json("{\"url\":\"" + server.url("/hub")
          + "\",\"accessToken\":\"t2\"}");
      default -> Answer.json(V1);
    });
    AtomicInteger asked = new AtomicInteger();
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(),
        () -> CompletableFuture.completedFuture("user" + asked.incrementAndGet()));

    Negotiation negotiation = await(new Negotiator(http).negotiate(server.url("/first"), false));

    List<FakeServer.Request> requests = server.requests();
    assertThat(requests).extracting(request -> request.uri().toString()).containsExactly(
        "/first/negotiate?negotiateVersion=1", "/second/negotiate?x=1&negotiateVersion=1",
        "/hub/negotiate?negotiateVersion=1");
    assertThat(requests).extracting(request -> request.header("Authorization"))
        .containsExactly("Bearer user1", "Bearer t1", "Bearer t2");
    assertThat(asked).hasValue(1);
    assertThat(negotiation.hubUrl()).isEqualTo(server.url("/hub"));
    assertThat(await(http.upgradeHeaders())).containsEntry("Authorization", "Bearer t2");
  }

  @Test
  void theHundredthRedirectIsRefused() throws Exception {
    serve(request -> Answer.json("{\"url\":\"" + server.url("/hub") + "\"}"));

    assertThat(failure(negotiator().negotiate(server.url("/hub"), false)))
        .isInstanceOf(HubConnectionException.class)
        .hasMessage("Negotiate redirection limit exceeded.");
    assertThat(server.requests()).hasSize(100);
  }

  @Test
  void a401AsksForANewTokenAndTriesOnceMore() throws Exception {
    serve(request -> "Bearer fresh".equals(request.header("Authorization"))
        ? Answer.json(V1) : new Answer(401, ""));
    AtomicInteger asked = new AtomicInteger();
    Supplier<CompletionStage<String>> tokens = () ->
        CompletableFuture.completedFuture(asked.incrementAndGet() == 1 ? "stale" : "fresh");

    Negotiation negotiation = await(negotiator(Map.of(), tokens)
        .negotiate(server.url("/hub"), false));

    assertThat(negotiation.connectionToken()).isEqualTo("token1");
    assertThat(server.requests()).extracting(request -> request.header("Authorization"))
        .containsExactly("Bearer stale", "Bearer fresh");
    assertThat(asked).hasValue(2);
  }

  @Test
  void aSecond401IsTheAnswer() throws Exception {
    serve(request -> new Answer(401, ""));
    Supplier<CompletionStage<String>> tokens = () -> CompletableFuture.completedFuture("t");

    Throwable error = failure(negotiator(Map.of(), tokens).negotiate(server.url("/hub"), false));

    assertThat(((HubConnectionException) error).statusCode()).isEqualTo(401);
    assertThat(server.requests()).hasSize(2);
  }
}
