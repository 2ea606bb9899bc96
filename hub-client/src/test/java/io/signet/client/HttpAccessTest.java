package io.signet.client;

import static io.signet.client.Waiting.await;
import static io.signet.client.Waiting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.signet.client.FakeServer.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Headers, token caching, the one retry after {@code 401}, and a redirect's token. */
class HttpAccessTest {
  private FakeServer server;
  private final AtomicInteger asked = new AtomicInteger();
  private final Supplier<CompletionStage<String>> tokens =
      () -> CompletableFuture.completedFuture("token" + asked.incrementAndGet());

  @BeforeEach
  void start() throws Exception {
    // A poll with the latest token is answered, any other request refused as unauthorised.
    server = FakeServer.start(request ->
        ("Bearer token" + asked.get()).equals(request.header("Authorization"))
            ? new Answer(200, "") : new Answer(401, ""));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int get(HttpAccess http) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.url("/hub?id=1")).GET();
    return await(http.send(request, HttpResponse.BodyHandlers.discarding())).statusCode();
  }

  @Test
  void requestsReuseTheTokenTheProviderGave() throws Exception {
    HttpAccess http =
        new HttpAccess(HttpAccess.newDefaultClient(), Map.of("X-Test", "yes"), tokens);

    assertThat(get(http)).isEqualTo(200);
    assertThat(get(http)).isEqualTo(200);

    assertThat(asked).hasValue(1);
    assertThat(server.requests()).allSatisfy(request -> {
      assertThat(request.header("Authorization")).isEqualTo("Bearer token1");
      assertThat(request.header("X-Test")).isEqualTo("yes");
      assertThat(request.header("User-Agent")).isEqualTo(HttpAccess.USER_AGENT);
    });
  }

  @Test
  void a401RefreshesTheTokenAndRetriesOnce() throws Exception {
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(), tokens);
    assertThat(get(http)).isEqualTo(200);
    asked.incrementAndGet(); // the server now wants a newer token than the cached token1

    assertThat(get(http)).isEqualTo(200);

    assertThat(server.requests()).extracting(request -> request.header("Authorization"))
        .containsExactly("Bearer token1", "Bearer token1", "Bearer token3");
  }

  @Test
  void aSecond401IsTheAnswer() throws Exception {
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(),
        () -> CompletableFuture.completedFuture("stale"));

    assertThat(get(http)).isEqualTo(401);

    assertThat(server.requests()).extracting(request -> request.header("Authorization"))
        .containsExactly("Bearer stale", "Bearer stale");
  }

  @Test
  void aRedirectsTokenReplacesTheProviderAndIsNotRefreshed() throws Exception {
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(), tokens);
    http.useAccessToken("redirected");

    assertThat(get(http)).isEqualTo(401);

    assertThat(asked).hasValue(0);
    assertThat(server.requests()).extracting(request -> request.header("Authorization"))
        .containsExactly("Bearer redirected");
    assertThat(await(http.upgradeHeaders())).containsEntry("Authorization", "Bearer redirected");

    http.resetAccessToken();
    assertThat(await(http.upgradeHeaders())).containsEntry("Authorization", "Bearer token1");
  }

  @Test
  void withoutAProviderThereIsNoAuthorization() throws Exception {
    HttpAccess http =
        new HttpAccess(HttpAccess.newDefaultClient(), Map.of("X-Test", "yes"), null);

    assertThat(get(http)).isEqualTo(401);

    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).header("Authorization")).isNull();
    assertThat(await(http.upgradeHeaders()))
        .containsOnly(Map.entry("User-Agent", HttpAccess.USER_AGENT), Map.entry("X-Test", "yes"));
  }

  @Test
  void aFailingProviderFailsTheRequest() throws Exception {
    IllegalStateException refused = new IllegalStateException("no token today");
    HttpAccess http = new HttpAccess(HttpAccess.newDefaultClient(), Map.of(),
        () -> CompletableFuture.failedFuture(refused));

    HttpRequest.Builder request = HttpRequest.newBuilder(server.url("/hub")).GET();
    assertThat(failure(http.send(request, HttpResponse.BodyHandlers.discarding())))
        .isSameAs(refused);
    assertThat(server.requests()).isEmpty();
  }
}
