package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HttpHubConnectionBuilder;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.HubException;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.signet.interop.InteropServer.Variant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official SignalR Java client ({@code com.microsoft.signalr}) against Signet, over the two
 * transports it has: WebSockets and long polling. It differs from the JavaScript client in ways a
 * server must tolerate: JSON in binary WebSocket frames, Gson's omitted nulls, case-sensitive
 * client method names, the bearer token always in a header, its own client-result error text.
 */
class JavaClientInteropTest {
  private static final long WAIT_SECONDS = 10;
  private static InteropServer server;
  private final List<HubConnection> connections = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    server = InteropServer.start();
  }

  @AfterAll
  static void stopServers() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void stopConnections() {
    for (HubConnection connection : connections) {
      if (connection.getConnectionState() != HubConnectionState.DISCONNECTED) {
        connection.stop().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** A value type as a Java client application would declare it, for Gson. */
  static final class PersonDto {
    String name;
    int age;
  }

  /** {@link SecureHub.Identity} as a Java client application would declare it. */
  static final class IdentityDto {
    String name;
    String userIdentifier;
  }

  private HubConnection connection(Variant variant, String hub, TransportEnum transport) {
    HubConnection connection = HubConnectionBuilder.create(server.baseUrl(variant) + hub)
        .withTransport(transport)
        .build();
    connections.add(connection);
    return connection;
  }

  private HubConnection started(TransportEnum transport) {
    return started(connection(Variant.STANDARD, "/testhub", transport));
  }

  private static HubConnection started(HubConnection connection) {
    connection.start().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);
    return connection;
  }

  /** A connection (not started) to {@link SecureHub} with a bearer token, or none if null. */
  private HubConnection secure(TransportEnum transport, String token) {
    HttpHubConnectionBuilder builder = HubConnectionBuilder
        .create(server.baseUrl(Variant.STANDARD) + "/secure")
        .withTransport(transport);
    if (token != null) {
      // As applications do: the provider runs on every negotiate.
      builder.withAccessTokenProvider(Single.defer(() -> Single.just(token)));
    }
    HubConnection connection = builder.build();
    connections.add(connection);
    return connection;
  }

  private static BlockingQueue<String> inbox(HubConnection connection) {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    connection.on("Receive", received::add, String.class);
    return received;
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void connectsAndInvokes(TransportEnum transport) {
    HubConnection connection = started(transport);
    assertThat(connection.invoke(String.class, "echo", "héllo 😀").blockingGet()).isEqualTo("héllo 😀");
    assertThat(connection.invoke(Integer.class, "Add", 2, 3).blockingGet()).isEqualTo(5);
    PersonDto person = connection.invoke(PersonDto.class, "Person", "Ada", 36).blockingGet();
    assertThat(person.name).isEqualTo("Ada");
    assertThat(person.age).isEqualTo(36);
    assertThat(connection.invoke(String.class, "DelayedEcho", "later").blockingGet())
        .isEqualTo("later");
    connection.invoke("Remember", "a").blockingAwait();
    connection.send("Remember", "b");
    // Over long polling the Java client POSTs a send and a following invoke concurrently, on two
    // HTTP connections, so the invoke may arrive first: wait for the send's effect.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    String[] remembered;
    do {
      remembered = connection.invoke(String[].class, "Recall").blockingGet();
    } while (remembered.length < 2 && System.nanoTime() < deadline);
    assertThat(remembered).containsExactly("a", "b");
    assertThat(connection.invoke(String.class, "ConnectionId").blockingGet())
        .isEqualTo(connection.getConnectionId());
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void receivesBroadcastsFromHubsAndFromTheHubContext(TransportEnum transport) throws Exception {
    HubConnection sender = started(transport);
    HubConnection listener = started(transport);
    BlockingQueue<String> senderInbox = inbox(sender);
    BlockingQueue<String> listenerInbox = inbox(listener);
    sender.invoke("SendToAll", "to everyone").blockingAwait();
    assertThat(listenerInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("to everyone");
    assertThat(senderInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("to everyone");
    sender.invoke("SendToOthers", "to the others").blockingAwait();
    assertThat(listenerInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("to the others");
    sender.invoke("SendToClient", listener.getConnectionId(), "to you").blockingAwait();
    assertThat(listenerInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("to you");

    HttpResponse<Void> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.baseUrl(Variant.STANDARD) + "/api/broadcast?message=from%20REST"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(rest.statusCode()).isEqualTo(204);
    assertThat(listenerInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("from REST");
    // The sender never received "to the others" or "to you": the next message proves it.
    assertThat(senderInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("from REST");
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void seesTheAspNetErrorTexts(TransportEnum transport) {
    HubConnection connection = started(transport);
    assertThatThrownBy(() -> connection.invoke("ThrowHubException", "not allowed").blockingAwait())
        .isInstanceOf(HubException.class)
        .hasMessage("An unexpected error occurred invoking 'ThrowHubException' on the server. "
            + "HubException: not allowed");
    assertThatThrownBy(() -> connection.invoke("ThrowSecret").blockingAwait())
        .isInstanceOf(HubException.class)
        .hasMessage("An unexpected error occurred invoking 'ThrowSecret' on the server.");
    assertThatThrownBy(() -> connection.invoke("NoSuchMethod").blockingAwait())
        .isInstanceOf(HubException.class)
        .hasMessage("Failed to invoke 'NoSuchMethod' due to an error on the server. "
            + "HubException: Method does not exist.");
    assertThatThrownBy(() -> connection.invoke(Integer.class, "Add", 1).blockingGet())
        .isInstanceOf(HubException.class)
        .hasMessage("Failed to invoke 'Add' due to an error on the server.");
    assertThat(connection.invoke(String.class, "Echo", "still connected").blockingGet())
        .isEqualTo("still connected");
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void detailedErrorsReachTheJavaClient(TransportEnum transport) {
    HubConnection connection = connection(Variant.DETAILED_ERRORS, "/testhub", transport);
    connection.start().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThatThrownBy(() -> connection.invoke("ThrowSecret").blockingAwait())
        .hasMessage("An unexpected error occurred invoking 'ThrowSecret' on the server. "
            + "IllegalStateException: secret");
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void stopsCleanlyAndIsToldOfAServerClose(TransportEnum transport) throws Exception {
    HubConnection connection = started(transport);
    CompletableFuture<Exception> closed = new CompletableFuture<>();
    connection.onClosed(error -> closed.complete(error));
    connection.stop().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();

    HubConnection aborted = started(transport);
    CompletableFuture<Exception> abortClosed = new CompletableFuture<>();
    aborted.onClosed(error -> abortClosed.complete(error));
    aborted.send("AbortConnection");
    assertThat(abortClosed.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(aborted.getConnectionState()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void aCloseWithAnErrorReachesTheJavaClient(TransportEnum transport) throws Exception {
    HubConnection connection = connection(Variant.STANDARD, "/rejecting", transport);
    CompletableFuture<Exception> closed = new CompletableFuture<>();
    connection.onClosed(error -> closed.complete(error));
    String expected = "Connection closed with an error. HubException: go away";
    try {
      connection.start().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException startFailed) {
      // The Close may be read before start() returns; then start() fails with it.
      assertThat(startFailed).hasMessageContaining(expected);
      return;
    }
    assertThat(closed.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasMessageContaining(expected);
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void streamsBothWays(TransportEnum transport) throws Exception {
    HubConnection connection = started(connection(Variant.STANDARD, "/streaming", transport));
    List<Integer> items = new ArrayList<>();
    connection.stream(Integer.class, "Counter", 10).blockingIterable().forEach(items::add);
    assertThat(items).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    // A TestObserver, not a blocking iterable: RxJava's blocking iterator throws a stream's error
    // as soon as it arrives, dropping items it received just before.
    TestObserver<Integer> failing = connection.stream(Integer.class, "FailingCounter", 2, "broke")
        .test();
    failing.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS)
        .assertValues(0, 1)
        .assertError(error -> error instanceof HubException && error.getMessage().equals(
            "An error occurred on the server while streaming results. HubException: broke"));

    // Disposing the subscription cancels the stream; the hub announces its producer's end.
    String key = "java-" + UUID.randomUUID();
    CompletableFuture<String> stopped = new CompletableFuture<>();
    connection.on("ProducerStopped", stoppedKey -> {
      if (stoppedKey.equals(key)) {
        stopped.complete(stoppedKey);
      }
    }, String.class);
    BlockingQueue<Integer> endless = new LinkedBlockingQueue<>();
    Disposable subscription = connection.stream(Integer.class, "Endless", key)
        .subscribe(endless::add);
    assertThat(endless.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
    subscription.dispose();
    assertThat(stopped.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(key);
  }

  /**
   * WebSockets only: over long polling the Java client POSTs each stream item without waiting
   * for the previous POST, on several HTTP connections, so the stream's completion can reach any
   * server before some of its items (which are then ignored, as ASP.NET Core ignores them).
   */
  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS"})
  void uploadsAnObservable(TransportEnum transport) {
    HubConnection connection = started(connection(Variant.STANDARD, "/streaming", transport));
    assertThat(connection.invoke(Integer.class, "Sum", Observable.range(1, 100)).blockingGet())
        .isEqualTo(5050);
    assertThat(connection.invoke(String[].class, "Collect", Observable.just("a", "b", "c"))
        .blockingGet()).containsExactly("a", "b", "c");
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void authenticatesWithABearerToken(TransportEnum transport) {
    HubConnection alice = started(secure(transport, "token-alice"));
    IdentityDto identity = alice.invoke(IdentityDto.class, "WhoAmI").blockingGet();
    assertThat(identity.name).isEqualTo("alice");
    assertThat(identity.userIdentifier).isEqualTo("alice");
    assertThatThrownBy(() -> alice.invoke(String.class, "AdminSecret").blockingGet())
        .isInstanceOf(HubException.class)
        .hasMessage("Failed to invoke 'AdminSecret' because user is unauthorized");
    HubConnection carol = started(secure(transport, "token-admin-carol"));
    assertThat(carol.invoke(String.class, "AdminSecret").blockingGet())
        .isEqualTo("for admins only");

    for (String refused : Arrays.asList(null, "token-mallory")) {
      HubConnection connection = secure(transport, refused);
      assertThatThrownBy(() -> connection.start().blockingAwait(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("token %s", refused)
          .hasMessageContaining("401");
      assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.DISCONNECTED);
    }
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void answersClientResults(TransportEnum transport) {
    HubConnection answering = connection(Variant.STANDARD, "/results", transport);
    answering.onWithResult("GetMessage",
        (String question) -> Single.just("Java answers " + question), String.class);
    started(answering);
    assertThat(answering.invoke(String.class, "GetCallerMessage", "q").blockingGet())
        .isEqualTo("Java answers q");

    // Without a handler the Java client answers with an error of its own wording (it fails to
    // bind the argument for lack of a handler's parameter types), which the hub relays.
    HubConnection silent = started(connection(Variant.STANDARD, "/results", transport));
    assertThatThrownBy(() -> silent.invoke(String.class, "GetCallerMessage", "q").blockingGet())
        .isInstanceOf(HubException.class)
        .hasMessage("An unexpected error occurred invoking 'GetCallerMessage' on the server. "
            + "HubException: Client failed to parse argument(s).");
  }
}
