package io.signet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signet.client.HubConnection;
import io.signet.client.HubConnectionBuilder;
import io.signet.client.HubConnectionException;
import io.signet.client.HubConnectionState;
import io.signet.client.HubException;
import io.signet.client.TransportType;
import io.signet.interop.InteropServer.Variant;
import io.signet.interop.SecureHub.Identity;
import io.signet.interop.TestHub.Person;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.msgpack.MessagePackHubProtocol;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signet's own Java client ({@code io.signet.client}) through the scenarios of {@code
 * js/scenarios.mjs}, which {@link JsClientInteropTest} runs with the official JavaScript client:
 * each test is the scenario of the same name, asserting the same values, the same server error
 * texts and the same order, once per transport in JSON and once per binary transport (WebSockets,
 * long polling) in MessagePack ({@link Wire}).
 * Interop is the truth: where the two clients must differ, the test says why.
 *
 * <p>Adapted, with the reason at the test: {@code fallbackToServerSentEvents} (the client allows
 * only WebSockets and SSE, so that a successful start proves the fallback), {@code
 * streamItemsInOrder} (the demand report is awaited: this client runs handlers and stream signals
 * on different executors), {@code uploadErrors} (a {@link ScriptedPublisher}, not a {@link
 * SubmissionPublisher}), {@code clientResultErrors} (a Java exception's message is sent, not the
 * {@code "Error: boom"} of JavaScript's {@code Error.toString()}), {@code unauthenticatedRefused}
 * (this client's text for a {@code 401}, which has no reason phrase to quote).
 *
 * <p>Not run here:
 *
 * <ul>
 *   <li>{@code negotiate}: raw HTTP requests to the endpoint, no client involved; the JavaScript
 *       suite covers it for every client.
 *   <li>{@code websocketsPreferredWhenOffered}: reads the chosen transport from the JavaScript
 *       client's internals; {@link HubConnection} does not expose it, nor does the hub see it.
 *   <li>{@code messagePackSkipsServerSentEvents}, {@code messagePackRefusedOverServerSentEvents}:
 *       this client's choice of transport for MessagePack is covered in {@code hub-client}
 *       ({@code MessagePackClientTest}, {@code TransportConnectorTest}).
 *   <li>{@code jsonAndMessagePackShareABroadcast}: a server-side property, which the JavaScript
 *       suite covers; here every case runs in both protocols.
 * </ul>
 *
 * <p>The tests share one set of servers and must not run concurrently (see {@link InteropServer}).
 * Every connection a test builds is stopped after it.
 */
class SignetClientInteropTest {
  /** How long any one step may take; nothing here waits this long when it works. */
  private static final long WAIT_SECONDS = 10;
  private static final String URL_SAFE_ID = "[A-Za-z0-9_-]{22,}";
  private static final String CLOSED_WITH_ERROR =
      "Server returned an error on close: Connection closed with an error.";
  private static final String STREAMING_FAILED =
      "An error occurred on the server while streaming results.";
  private static final Type STRINGS = new TypeReference<List<String>>() {}.getType();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static InteropServer server;
  private final List<HubConnection> connections = new CopyOnWriteArrayList<>();

  /** The transport and hub protocol a case runs with. */
  record Wire(TransportType transport, String protocol) {
    HubProtocol newProtocol() {
      return protocol.equals("messagepack") ? new MessagePackHubProtocol() : new JsonHubProtocol();
    }

    @Override
    public String toString() {
      return transport.wireName() + " in " + protocol;
    }
  }

  /** Runs a test once per {@link #wires()}. */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "over {0}")
  @MethodSource("wires")
  @interface OverEachWire {}

  /** JSON over every transport; MessagePack over those that carry binary (not SSE). */
  static Stream<Wire> wires() {
    return Stream.concat(
        Stream.of(TransportType.values()).map(transport -> new Wire(transport, "json")),
        Stream.of(TransportType.WEBSOCKETS, TransportType.LONG_POLLING)
            .map(transport -> new Wire(transport, "messagepack")));
  }

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
  void stopConnections() throws Exception {
    await(CompletableFuture.allOf(connections.stream()
        .map(connection -> connection.stop().toCompletableFuture())
        .toArray(CompletableFuture[]::new)));
  }

  // ---- Connections, calls and messages ----

  @OverEachWire
  void connectionId(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 2);
    HubConnection a = clients.get(0);
    HubConnection b = clients.get(1);
    assertThat(a.connectionId()).matches(URL_SAFE_ID);
    assertThat(await(a.invoke(String.class, "ConnectionId"))).isEqualTo(a.connectionId());
    assertThat(await(b.invoke(String.class, "ConnectionId"))).isEqualTo(b.connectionId());
    assertThat(a.connectionId()).isNotEqualTo(b.connectionId());
  }

  @OverEachWire
  void invokeWithValue(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/testhub");
    String text = "héllo wörld ✓ 🚀";
    assertThat(await(connection.invoke(String.class, "Echo", text))).isEqualTo(text);
    assertThat(await(connection.invoke(Integer.class, "Add", 2, 3))).isEqualTo(5);
    Person ada = new Person("Ada", 36);
    Person grace = new Person("Grace", 85);
    assertThat(await(connection.invoke(Person.class, "Person", "Ada", 36))).isEqualTo(ada);
    assertThat(await(connection.invoke(Person.class, "Oldest", ada,
        List.of(new Person("Alan", 41), grace)))).isEqualTo(grace);
    // ASP.NET Core binds property names case-insensitively.
    Map<String, Object> shouted = new LinkedHashMap<>();
    shouted.put("Name", "Ada");
    shouted.put("AGE", 36);
    assertThat(await(connection.invoke(Person.class, "Oldest", shouted, List.of())))
        .isEqualTo(ada);
    // A void method completes with an explicit null result, as .NET sends it.
    assertThat(await(connection.invoke(Object.class, "Remember", "x"))).isNull();
    assertThat(await(connection.invoke(String.class, "DelayedEcho", "later"))).isEqualTo("later");
    // A generic result type: the JavaScript scenario has none to bind.
    assertThat(await(connection.<List<String>>invoke(STRINGS, "Recall"))).containsExactly("x");
  }

  @OverEachWire
  void sendIsOrdered(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/testhub");
    List<String> values = IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList();
    // All sent before any is awaited, as Promise.all does.
    await(allOf(values.stream().map(value -> connection.send("Remember", value))));
    // Fire-and-forget calls that fail get no answer and leave the connection up.
    await(connection.send("ThrowSecret"));
    await(connection.send("NoSuchMethod"));
    // One connection's messages run in order, so the invocation sees every earlier send.
    assertThat(await(connection.<List<String>>invoke(STRINGS, "Recall"))).isEqualTo(values);
  }

  @OverEachWire
  void broadcastInOrder(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 3);
    List<InboxRecorder> inboxes = clients.stream().map(InboxRecorder::receive).toList();
    List<String> expected = IntStream.range(0, 50).mapToObj(i -> "broadcast-" + i).toList();
    await(allOf(expected.stream().map(message -> clients.get(0).send("SendToAll", message))));
    for (int i = 0; i < inboxes.size(); i++) {
      assertThat(await(inboxes.get(i).until(expected.get(49)))).as("client %d", i)
          .isEqualTo(expected);
    }
  }

  // Absence is proven without waiting: a fence sent to everyone after the other messages reaches
  // each client after whatever was queued for it before, so once a client has the fence, its
  // inbox is final.
  @OverEachWire
  void groups(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 3);
    HubConnection a = clients.get(0);
    HubConnection b = clients.get(1);
    List<InboxRecorder> inboxes = clients.stream().map(InboxRecorder::receive).toList();
    await(a.invoke("JoinGroup", "g"));
    await(b.invoke("JoinGroup", "g"));
    await(a.invoke("SendToGroup", "g", "to-group"));
    await(a.invoke("SendToOthersInGroup", "g", "to-others-in-group"));
    await(a.invoke("SendToGroupExcept", "g", b.connectionId(), "to-group-except-b"));
    await(b.invoke("LeaveGroup", "g"));
    await(a.invoke("SendToGroup", "g", "after-b-left"));
    await(a.invoke("SendToAll", "fence"));
    assertThat(await(inboxes.get(0).until("fence")))
        .containsExactly("to-group", "to-group-except-b", "after-b-left", "fence");
    assertThat(await(inboxes.get(1).until("fence")))
        .containsExactly("to-group", "to-others-in-group", "fence");
    assertThat(await(inboxes.get(2).until("fence"))).as("a non-member gets no group message")
        .containsExactly("fence");
  }

  @OverEachWire
  void callerOthersClient(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 3);
    HubConnection a = clients.get(0);
    List<InboxRecorder> inboxes = clients.stream().map(InboxRecorder::receive).toList();
    await(a.invoke("SendToCaller", "to-caller"));
    await(a.invoke("SendToOthers", "to-others"));
    await(a.invoke("SendToClient", clients.get(2).connectionId(), "to-c"));
    // An unknown connection id is skipped silently, as in ASP.NET Core.
    assertThat(await(a.invoke(Object.class, "SendToClient", "no-such-connection", "lost")))
        .isNull();
    await(a.invoke("SendToAll", "fence")); // see groups() for why a fence proves absence
    assertThat(await(inboxes.get(0).until("fence"))).containsExactly("to-caller", "fence");
    assertThat(await(inboxes.get(1).until("fence"))).containsExactly("to-others", "fence");
    assertThat(await(inboxes.get(2).until("fence")))
        .containsExactly("to-others", "to-c", "fence");
  }

  // Typed client proxies on the server, reaching the handlers registered in PascalCase.
  @OverEachWire
  void typedClients(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 2);
    List<InboxRecorder> inboxes = clients.stream().map(InboxRecorder::receive).toList();
    await(clients.get(0).invoke("SendTypedToAll", "typed-to-all"));
    await(clients.get(0).invoke("SendTypedToOthers", "typed-to-others"));
    await(clients.get(0).invoke("SendToAll", "fence")); // see groups()
    assertThat(await(inboxes.get(0).until("fence"))).containsExactly("typed-to-all", "fence");
    assertThat(await(inboxes.get(1).until("fence")))
        .containsExactly("typed-to-all", "typed-to-others", "fence");
    HubConnection answerer = started(answering(wire, "/results",
        question -> "typed answer to " + question));
    assertThat(await(answerer.invoke(String.class, "GetCallerMessageTyped", "q")))
        .isEqualTo("typed answer to q");
  }

  @OverEachWire
  void hubContextFromRest(Wire wire) throws Exception {
    List<InboxRecorder> inboxes =
        startedMany(wire, 2).stream().map(InboxRecorder::receive).toList();
    HttpResponse<String> response = http("POST", "/api/broadcast?message=from-rest", Map.of());
    assertThat(response.statusCode()).isEqualTo(204);
    for (InboxRecorder inbox : inboxes) {
      assertThat(await(inbox.until("from-rest"))).containsExactly("from-rest");
    }
  }

  @OverEachWire
  void errors(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/testhub");
    assertRejects(connection.invoke("ThrowHubException", "nope"),
        invocationFailed("ThrowHubException") + " HubException: nope");
    assertRejects(connection.invoke("ThrowSecret"), invocationFailed("ThrowSecret"));
    // The target is quoted exactly as the client sent it.
    assertRejects(connection.invoke("nOsUcHmEtHoD"), methodDoesNotExist("nOsUcHmEtHoD"));
    assertRejects(connection.invoke(Integer.class, "Add", 1), failedToInvoke("Add"));
    assertRejects(connection.invoke(Integer.class, "Add", 1, 2, 3), failedToInvoke("Add"));
    // System.Text.Json binds no strings to numbers, no fractions to ints, no null to an int.
    Object[][] wrongs = {{"two", 3}, {"2", 3}, {2.5, 3}, {null, 3}, {Map.of("a", 1), 3}};
    for (Object[] wrong : wrongs) {
      assertRejects(connection.invoke(Integer.class, "Add", wrong), failedToInvoke("Add"));
    }
    assertRejects(connection.invoke(String.class, "Echo", 5), failedToInvoke("Echo"));
    assertThat(await(connection.invoke(Integer.class, "ADD", 2, 3)))
        .as("names match case-insensitively").isEqualTo(5);
    assertThat(await(connection.invoke(Integer.class, "add", 2, 3))).isEqualTo(5);
    assertThat(await(connection.invoke(String.class, "Shout", "hi"))).isEqualTo("HI");
    assertRejects(connection.invoke(String.class, "ToUpperCase", "hi"),
        methodDoesNotExist("ToUpperCase"));
    assertRejects(connection.invoke("Hidden"), methodDoesNotExist("Hidden"));
    // Lifecycle methods and the methods of Object are not hub methods.
    for (String target : List.of("OnConnected", "OnDisconnected", "ToString", "HashCode",
        "GetClass")) {
      Object[] arguments = target.equals("OnDisconnected") ? new Object[] {null} : new Object[0];
      assertRejects(connection.invoke(Object.class, target, arguments),
          methodDoesNotExist(target));
    }
    assertThat(await(connection.invoke(String.class, "Echo", "still connected")))
        .isEqualTo("still connected");
  }

  @OverEachWire
  void detailedErrors(Wire wire) throws Exception {
    HubConnection connection = started(connect(wire, Variant.DETAILED_ERRORS, "/testhub"));
    assertRejects(connection.invoke("ThrowSecret"),
        invocationFailed("ThrowSecret") + " IllegalStateException: secret");
    assertRejects(connection.invoke("ThrowHubException", "nope"),
        invocationFailed("ThrowHubException") + " HubException: nope");
    assertRejects(connection.invoke(Integer.class, "Add", 1), failedToInvoke("Add")
        + " InvalidDataException: Invocation provides 1 argument(s) but target expects 2.");
    assertRejects(connection.invoke(Integer.class, "Add", "two", 3), failedToInvoke("Add")
        + " InvalidDataException: Error binding arguments. Make sure that the types of the "
        + "provided values match the types of the hub method being invoked.");
    assertRejects(connection.invoke("Missing"), methodDoesNotExist("Missing"));
  }

  @OverEachWire
  void chatExample(Wire wire) throws Exception {
    List<HubConnection> clients = startedMany(wire, 2, "/chatHub");
    List<InboxRecorder> inboxes = clients.stream().map(client -> InboxRecorder.of(client,
        "ReceiveMessage", String.class, String.class)).toList();
    assertThat(await(clients.get(0).invoke(Object.class, "SendMessage", "alice", "hi"))).isNull();
    for (InboxRecorder inbox : inboxes) {
      assertThat(await(inbox.until(List.of("alice", "hi"))))
          .containsExactly(List.of("alice", "hi"));
    }
  }

  // ---- The life of a connection ----

  @OverEachWire
  void closeWithErrorFromOnConnected(Wire wire) throws Exception {
    HubConnection connection = connect(wire, Variant.STANDARD, "/rejecting");
    CompletableFuture<String> ended = ending(connection);
    String expected = "Server returned an error on close: "
        + "Connection closed with an error. HubException: go away";
    // The server completes the handshake, then runs onConnected and sends its Close. Whether
    // start() fails with it or succeeds and onClosed gets it depends on when the Close is read;
    // both are the client's contract, as in the JavaScript client.
    Throwable startFailure = outcome(connection.start());
    if (startFailure != null) {
      assertThat(startFailure).isInstanceOf(HubConnectionException.class).hasMessage(expected);
      return;
    }
    assertThat(await(ended)).isEqualTo("closed: " + expected);
  }

  @OverEachWire
  void abortFromHub(Wire wire) throws Exception {
    HubConnection observer = started(wire, "/testhub");
    InboxRecorder left = InboxRecorder.of(observer, "Left", String.class, String.class);
    HubConnection connection = started(connect(wire, Variant.STANDARD, "/testhub",
        builder -> builder.withAutomaticReconnect()));
    String id = connection.connectionId();
    CompletableFuture<String> ended = ending(connection);
    // send, not invoke: the connection may close before a completion could arrive.
    await(connection.send("AbortConnection"));
    // A Close without allowReconnect: no reconnect, even with automatic reconnect configured.
    assertThat(await(ended)).isEqualTo("closed without error");
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
    assertThat(departureOf(left, id)).as("onDisconnected(null) ran").isEqualTo(
        Arrays.asList(id, null));
  }

  @OverEachWire
  void clientStop(Wire wire) throws Exception {
    HubConnection observer = started(wire, "/testhub");
    InboxRecorder left = InboxRecorder.of(observer, "Left", String.class, String.class);
    HubConnection connection = started(wire, "/testhub");
    String id = connection.connectionId();
    CompletableFuture<String> ended = ending(connection);
    await(connection.stop());
    assertThat(await(ended)).isEqualTo("closed without error");
    // The client's Close is a graceful end: the server runs onDisconnected without an error.
    assertThat(departureOf(left, id)).as("onDisconnected(null) ran").isEqualTo(
        Arrays.asList(id, null));
  }

  @OverEachWire
  void keepAlive(Wire wire) throws Exception {
    HubConnection connection = started(connect(wire, Variant.FAST_KEEP_ALIVE, "/testhub",
        builder -> builder.withServerTimeout(Duration.ofSeconds(4))));
    // Waiting is the point here: 10 s of silence from the client is 2.5 client server-timeouts,
    // survived only if the server pings (every second on this server) and the client counts
    // them. An end within the 10 s completes the future first and fails the assertion.
    String after10Seconds = ending(connection).completeOnTimeout("still connected", 10,
        TimeUnit.SECONDS).get(WAIT_SECONDS + 10, TimeUnit.SECONDS);
    assertThat(after10Seconds).as("the connection stayed up").isEqualTo("still connected");
    assertThat(connection.state()).isEqualTo(HubConnectionState.CONNECTED);
    assertThat(await(connection.invoke(String.class, "Echo", "still here")))
        .isEqualTo("still here");
  }

  // Long polling has no pings in either direction, so there is no client timeout to provoke.
  @ParameterizedTest(name = "over {0}")
  @MethodSource("pingingWires")
  void clientTimeout(Wire wire) throws Exception {
    // The client pings once right after the handshake (arming the server's timer), then not again.
    UnaryOperator<HubConnectionBuilder> silent = builder -> builder
        .withKeepAliveInterval(Duration.ofSeconds(60))
        .withServerTimeout(Duration.ofSeconds(60));
    HubConnection plain = connect(wire, Variant.SHORT_CLIENT_TIMEOUT, "/testhub", silent);
    HubConnection reconnecting = connect(wire, Variant.SHORT_CLIENT_TIMEOUT, "/testhub",
        builder -> silent.apply(builder).withAutomaticReconnect());
    CompletableFuture<String> plainEnd = ending(plain);
    CompletableFuture<String> reconnectingEnd = ending(reconnecting);
    await(CompletableFuture.allOf(plain.start().toCompletableFuture(),
        reconnecting.start().toCompletableFuture()));
    assertThat(await(plainEnd)).isEqualTo("closed: " + CLOSED_WITH_ERROR);
    // A client timeout allows a reconnect (allowReconnect: true), as in ASP.NET Core.
    assertThat(await(reconnectingEnd)).isEqualTo("reconnecting: " + CLOSED_WITH_ERROR);
  }

  static Stream<Wire> pingingWires() {
    return wires().filter(wire -> wire.transport() != TransportType.LONG_POLLING);
  }

  @OverEachWire
  void messageSizeLimit(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/testhub");
    CompletableFuture<String> ended = ending(connection);
    // Over the default limit of 32 KB: the server closes the connection; the pending invocation
    // fails with the connection's error.
    assertFailsWith(connection.invoke(String.class, "Echo", "x".repeat(40 * 1024)),
        HubConnectionException.class, CLOSED_WITH_ERROR);
    assertThat(await(ended)).isEqualTo("closed: " + CLOSED_WITH_ERROR);

    HubConnection fresh = started(wire, "/testhub");
    String underLimit = "y".repeat(20 * 1024);
    assertThat(await(fresh.invoke(String.class, "Echo", underLimit))).isEqualTo(underLimit);
  }

  // ---- Negotiate and fallback: the client chooses, as applications let it ----

  @Test
  void fallbackToServerSentEvents() throws Exception {
    // The endpoint offers SSE and long polling. The JavaScript scenario allows every transport
    // and reads the one chosen; this client does not say, so it allows WebSockets and SSE only:
    // a successful start then proves it fell back to SSE.
    HubConnection connection = started(connectChoosing("/no-websockets",
        TransportType.WEBSOCKETS, TransportType.SERVER_SENT_EVENTS));
    assertThat(await(connection.invoke(String.class, "Echo", "over SSE"))).isEqualTo("over SSE");
  }

  @Test
  void fallbackToLongPolling() throws Exception {
    // Every transport allowed; the endpoint offers long polling only.
    HubConnection connection = started(connectChoosing("/long-polling-only",
        TransportType.values()));
    assertThat(await(connection.invoke(String.class, "Echo", "over long polling")))
        .isEqualTo("over long polling");
  }

  @ParameterizedTest(name = "{0} forced")
  @MethodSource("transportsNotOfferedForLongPollingOnly")
  void disabledTransportRefused(TransportType forced) throws Exception {
    // Forcing a transport the endpoint does not offer fails the start, as with ASP.NET Core.
    HubConnection connection = connectChoosing("/long-polling-only", forced);
    assertThat(outcome(connection.start()))
        .isInstanceOf(HubConnectionException.class)
        .message().containsPattern("None of the transports supported by the client are "
            + "supported by the server|Unable to connect");
    assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
  }

  static Stream<TransportType> transportsNotOfferedForLongPollingOnly() {
    return Stream.of(TransportType.WEBSOCKETS, TransportType.SERVER_SENT_EVENTS);
  }

  // ---- Streaming (StreamingHub at /streaming) ----

  @OverEachWire
  void streamItemsInOrder(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    // The same items from each kind of producer a hub method may return.
    for (String method : List.of("Counter", "CounterStream", "CounterIterator")) {
      assertThat(await(StreamOutcome.of(connection.stream(Integer.class, method, 100)))).as(method)
          .isEqualTo(StreamOutcome.completed(range(100)));
    }
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "Counter", 0))))
        .isEqualTo(StreamOutcome.completed(List.of()));
    // Backpressure: the server asks for the next item only once it queued the previous one. The
    // report is sent before the stream's Completion, but this client delivers handler calls and
    // stream signals on separate executors (results do not wait behind handlers), so the report
    // is awaited rather than read when the stream ends. The server sends it once per stream.
    InboxRecorder demand = InboxRecorder.of(connection, "LargestDemand", Long.class);
    assertThat(await(StreamOutcome.of(
        connection.stream(Integer.class, "CounterReportingDemand", 100))))
        .isEqualTo(StreamOutcome.completed(range(100)));
    assertThat(await(demand.until(report -> true))).containsExactly(1L);
    // Streams of one connection run side by side, each in order.
    List<CompletableFuture<StreamOutcome>> together =
        Stream.of("Counter", "CounterStream", "CounterIterator")
            .map(method -> StreamOutcome.of(connection.stream(Integer.class, method, 50)))
            .toList();
    for (CompletableFuture<StreamOutcome> outcome : together) {
      assertThat(await(outcome)).isEqualTo(StreamOutcome.completed(range(50)));
    }
  }

  @OverEachWire
  void streamCancel(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    InboxRecorder stopped = InboxRecorder.of(connection, "ProducerStopped", String.class);
    // A Flow.Publisher learns of the cancel through its subscription; a Stream is closed.
    for (String method : List.of("Endless", "EndlessStream")) {
      String key = method + "-" + UUID.randomUUID();
      FirstItems<Integer> first = FirstItems.of(connection.stream(Integer.class, method, key), 5);
      assertThat(await(first.items())).as(method).isEqualTo(range(5));
      // A running stream does not hold the connection's invocation slot.
      assertThat(await(connection.invoke(String.class, "Echo", "meanwhile")))
          .isEqualTo("meanwhile");
      first.cancel(); // sends CancelInvocation
      await(stopped.until(key));
    }
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "Counter", 3))))
        .as("the connection streams on after a cancel")
        .isEqualTo(StreamOutcome.completed(range(3)));
  }

  @OverEachWire
  void streamCancelWhileAnInvocationWaits(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    String key = "Endless-" + UUID.randomUUID();
    FirstItems<Integer> first = FirstItems.of(connection.stream(Integer.class, "Endless", key), 1);
    await(first.items());
    // This call waits for the cancel sent after it: the server reads on while a call is pending,
    // so the cancel gets through and the call completes.
    CompletionStage<String> reply = connection.invoke(String.class, "WhenProducerStopped", key);
    first.cancel();
    assertThat(await(reply)).isEqualTo("stopped");
  }

  @OverEachWire
  void streamStopsWithItsConnection(Wire wire) throws Exception {
    HubConnection observer = started(wire, "/streaming");
    InboxRecorder stopped = InboxRecorder.of(observer, "ProducerStopped", String.class);
    HubConnection streamer = started(wire, "/streaming");
    List<String> keys = new ArrayList<>();
    for (String method : List.of("Endless", "EndlessStream")) {
      String key = method + "-" + UUID.randomUUID();
      keys.add(key);
      await(FirstItems.of(streamer.stream(Integer.class, method, key), 1).items());
    }
    await(streamer.stop());
    // The connection's end cancels the producers of its streams.
    for (String key : keys) {
      await(stopped.until(key));
    }
  }

  @OverEachWire
  void streamErrors(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    // Items sent before the failure stay delivered; a HubException's text reaches the client.
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "FailingCounter", 3,
        "producer broke"))))
        .isEqualTo(new StreamOutcome(range(3), STREAMING_FAILED + " HubException: producer broke"));
    // Any other exception is not shown to clients (no detailed errors on this server).
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "FailingStream", 2))))
        .isEqualTo(new StreamOutcome(range(2), STREAMING_FAILED));
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "ThrowBeforeStreaming",
        "no stream")))).isEqualTo(new StreamOutcome(List.of(),
        invocationFailed("ThrowBeforeStreaming") + " HubException: no stream"));
    assertThat(await(StreamOutcome.of(connection.stream(Integer.class, "Nothing"))))
        .isEqualTo(new StreamOutcome(List.of(), "The value returned by the streaming method "
            + "'Nothing' is not a ChannelReader<> or IAsyncEnumerable<>."));
    assertThat(await(connection.invoke(String.class, "Echo", "still connected")))
        .isEqualTo("still connected");
  }

  @OverEachWire
  void streamMisuse(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    assertRejects(connection.invoke(Object.class, "Counter", 3), "The client attempted to "
        + "invoke the streaming 'Counter' method with a non-streaming invocation.");
    assertThat(await(StreamOutcome.of(connection.stream(String.class, "eCHO", "x"))))
        .isEqualTo(new StreamOutcome(List.of(), "The client attempted to invoke the non-streaming "
            + "'eCHO' method with a streaming invocation."));
    assertThat(await(StreamOutcome.of(connection.stream(Object.class, "NoSuchStream"))))
        .isEqualTo(new StreamOutcome(List.of(), methodDoesNotExist("NoSuchStream")));
    assertThat(await(connection.invoke(String.class, "Echo", "still connected")))
        .isEqualTo("still connected");
  }

  @OverEachWire
  void uploadInOrder(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    List<String> words = IntStream.range(0, 100).mapToObj(i -> "word-" + i).toList();
    // Items are published right after the call, as the JavaScript scenario does with a Subject:
    // a SubmissionPublisher gives them only to subscribers it already has, and close() ends the
    // upload once they are delivered.
    SubmissionPublisher<String> upload = new SubmissionPublisher<>();
    CompletionStage<List<String>> collected = connection.invoke(STRINGS, "Collect", upload);
    words.forEach(upload::submit);
    upload.close();
    // Ten times the server's upload buffer (10 items): it paused reading and lost nothing.
    assertThat(await(collected)).isEqualTo(words);

    SubmissionPublisher<Integer> numbers = new SubmissionPublisher<>();
    CompletionStage<Integer> sum = connection.invoke(Integer.class, "Sum", numbers);
    range(101).forEach(numbers::submit);
    numbers.close();
    assertThat(await(sum)).isEqualTo(5050);

    // Both directions in one call: the hub streams the upload straight back.
    SubmissionPublisher<String> echoIn = new SubmissionPublisher<>();
    CompletableFuture<StreamOutcome> echoed =
        StreamOutcome.of(connection.stream(String.class, "EchoUpload", echoIn));
    words.subList(0, 30).forEach(echoIn::submit);
    echoIn.close();
    assertThat(await(echoed)).isEqualTo(StreamOutcome.completed(words.subList(0, 30)));
  }

  @OverEachWire
  void uploadErrors(Wire wire) throws Exception {
    HubConnection connection = started(wire, "/streaming");
    // Items, then an error: a SubmissionPublisher could drop the items still buffered.
    CompletionStage<String> described = connection.invoke(String.class, "DescribeUpload",
        new ScriptedPublisher<>(List.of("a", "b"), new Exception("client gave up")));
    // The hub reads the items, then the client's error text as a HubException.
    assertThat(await(described))
        .isEqualTo("a,b; failed: io.signet.hub.HubException: client gave up");

    CompletionStage<String> completed = connection.invoke(String.class, "DescribeUpload",
        new ScriptedPublisher<>(List.of("c"), null));
    assertThat(await(completed)).isEqualTo("c; completed");

    assertRejects(connection.invoke(Integer.class, "Sum"), invocationFailed("Sum")
        + " HubException: Client sent 0 stream(s), Hub method expects 1.");
    // A publisher that never ends, as the JavaScript scenario's Subject.
    assertRejects(connection.invoke(String.class, "Echo", "x", new SubmissionPublisher<String>()),
        invocationFailed("Echo") + " HubException: Client sent 1 stream(s), Hub method expects 0.");
    assertThat(await(connection.invoke(String.class, "Echo", "still connected")))
        .isEqualTo("still connected");
  }

  // ---- Client results (ClientResultsHub at /results, /results-short-timeout, ...) ----

  @OverEachWire
  void clientResultValue(Wire wire) throws Exception {
    HubConnection sync = answering(wire, "/results", question -> "sync answer to " + question);
    HubConnection async = answering(wire, "/results", question ->
        CompletableFuture.supplyAsync(() -> "async answer to " + question));
    HubConnection nothing = answering(wire, "/results", question -> null);
    startAll(sync, async, nothing);
    assertThat(await(sync.invoke(String.class, "GetCallerMessage", "q1")))
        .isEqualTo("sync answer to q1");
    assertThat(await(sync.invoke(String.class, "DescribeCallerAnswer", "q2")))
        .isEqualTo("answered: sync answer to q2");
    assertThat(await(async.invoke(String.class, "GetCallerMessage", "q3")))
        .isEqualTo("async answer to q3");
    // null is a result like any other.
    assertThat(await(nothing.invoke(String.class, "GetCallerMessage", "q4"))).isNull();
    assertThat(await(nothing.invoke(String.class, "DescribeCallerAnswer", "q5")))
        .isEqualTo("answered: null");
  }

  @OverEachWire
  void clientResultErrors(Wire wire) throws Exception {
    HubConnection throwing = answering(wire, "/results", question -> {
      throw new IllegalStateException("boom");
    });
    HubConnection withoutHandler = connect(wire, Variant.STANDARD, "/results");
    startAll(throwing, withoutHandler);
    // The client's error text reaches the hub as a HubException, and from there the caller. The
    // JavaScript client sends "Error: boom" (Error.toString()); this one sends the exception's
    // message, as the .NET client sends Exception.Message.
    assertRejects(throwing.invoke(String.class, "GetCallerMessage", "q"),
        invocationFailed("GetCallerMessage") + " HubException: boom");
    assertThat(await(throwing.invoke(String.class, "DescribeCallerAnswer", "q")))
        .isEqualTo("failed: io.signet.hub.HubException: boom");
    assertRejects(withoutHandler.invoke(String.class, "GetCallerMessage", "q"),
        invocationFailed("GetCallerMessage") + " HubException: Client didn't provide a result.");
    assertThat(await(withoutHandler.invoke(String.class, "DescribeCallerAnswer", "q")))
        .isEqualTo("failed: io.signet.hub.HubException: Client didn't provide a result.");
  }

  @OverEachWire
  void clientResultTimeout(Wire wire) throws Exception {
    CompletableFuture<String> late = new CompletableFuture<>();
    HubConnection connection = started(answering(wire, "/results-short-timeout",
        question -> late));
    // Waiting is the point: the handler does not answer, so the server's 1 s timeout fires.
    // (The exception's message is free text; its type is the contract.)
    assertThat(await(connection.invoke(String.class, "DescribeCallerAnswer", "q")))
        .matches("failed: java\\.util\\.concurrent\\.TimeoutException(:.*)?");
    // An answer after the timeout is ignored; the connection carries on. Completing the future
    // sends the late Completion at once, before the next invocation.
    late.complete("too late");
    assertThat(await(connection.invoke(String.class, "ConnectionId")))
        .isEqualTo(connection.connectionId());
  }

  @OverEachWire
  void clientResultFromAnotherClient(Wire wire) throws Exception {
    HubConnection asker = started(wire, "/results");
    HubConnection answerer = started(answering(wire, "/results",
        question -> "B answers " + question));
    assertThat(await(asker.invoke(String.class, "DescribeClientAnswer",
        answerer.connectionId(), "q"))).isEqualTo("answered: B answers q");
    assertThat(await(asker.invoke(String.class, "DescribeClientAnswer", "no-such-connection",
        "q"))).isEqualTo(
        "failed: java.io.IOException: Connection 'no-such-connection' does not exist.");
  }

  @OverEachWire
  void clientResultDisconnected(Wire wire) throws Exception {
    HubConnection asker = started(wire, "/results");
    CompletableFuture<Void> asked = new CompletableFuture<>();
    HubConnection leaver = started(answering(wire, "/results", question -> {
      asked.complete(null);
      return new CompletableFuture<String>(); // never answers
    }));
    String id = leaver.connectionId();
    CompletionStage<String> answer = asker.invoke(String.class, "DescribeClientAnswer", id, "q");
    await(asked);
    await(leaver.stop());
    assertThat(await(answer))
        .isEqualTo("failed: java.io.IOException: Connection '" + id + "' disconnected.");
  }

  @OverEachWire
  void clientResultFromRest(Wire wire) throws Exception {
    HubConnection connection = started(answering(wire, "/results",
        question -> "REST asked " + question));
    HttpResponse<String> response = ask(connection.connectionId(), "why?");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("REST asked why?");
    HttpResponse<String> unknown = ask("no-such-connection", "q");
    assertThat(unknown.statusCode()).isEqualTo(502);
    assertThat(unknown.body()).isEqualTo("Connection 'no-such-connection' does not exist.");
  }

  @OverEachWire
  void clientResultWithOneInvocationSlot(Wire wire) throws Exception {
    // As in ASP.NET Core 8: with the default single invocation slot per client, a hub method can
    // await its caller's result, since the client's answer is read while the call runs.
    List<String> asked = new CopyOnWriteArrayList<>();
    HubConnection connection = started(answering(wire, "/results-serial", question -> {
      asked.add(question);
      return "answer to " + question;
    }));
    assertThat(await(connection.invoke(String.class, "GetCallerMessage", "q")))
        .isEqualTo("answer to q");
    assertThat(await(connection.invoke(String.class, "DescribeCallerAnswer", "r")))
        .isEqualTo("answered: answer to r");
    assertThat(asked).containsExactly("q", "r");
  }

  @OverEachWire
  void clientResultRefusedInOnConnected(Wire wire) throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    HubConnection connection = started(answering(wire, "/results-on-connected", question -> {
      asked.add(question);
      return "answered anyway";
    }));
    // ASP.NET Core refuses at once (InvalidOperationException; IllegalStateException in Java)
    // and never asks the client: an invocation would have arrived before this call's answer.
    assertThat(await(connection.invoke(String.class, "OnConnectedOutcome")))
        .isEqualTo("failed: java.lang.IllegalStateException");
    assertThat(asked).isEmpty();
  }

  // ---- Authentication (SecureHub at /secure; tokens in InteropServer.USERS) ----

  @OverEachWire
  void authenticatedUser(Wire wire) throws Exception {
    HubConnection alice = started(secure(wire, "token-alice"));
    assertThat(await(alice.invoke(Identity.class, "WhoAmI")))
        .isEqualTo(new Identity("alice", "alice"));
    // The endpoint itself, as the JavaScript scenario checks it: negotiate needs the header.
    String negotiate = "/secure/negotiate?negotiateVersion=1";
    assertThat(http("POST", negotiate, Map.of("Authorization", "Bearer token-alice"))
        .statusCode()).isEqualTo(200);
    assertThat(http("POST", negotiate + "&access_token=token-alice", Map.of()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> anonymous = http("POST", negotiate, Map.of());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue("Bearer");
    assertThat(http("POST", negotiate, Map.of("Authorization", "Bearer token-mallory"))
        .statusCode()).isEqualTo(401);
  }

  @OverEachWire
  void unauthenticatedRefused(Wire wire) throws Exception {
    for (String token : Arrays.asList(null, "token-mallory")) {
      HubConnection connection = secure(wire, token);
      Throwable failure = outcome(connection.start());
      // The JavaScript scenario matches "Status code '401'", the end of its HttpError's text
      // ("Error: Unauthorized: Status code '401'"), which quotes the reason phrase. Java's HTTP
      // client has none, so this client words it as the JavaScript client words a negotiate
      // answer other than 200 (PostSender.unexpectedStatus), and carries the status itself.
      assertThat(failure).as("token %s", token).isInstanceOf(HubConnectionException.class)
          .hasMessage("Failed to complete negotiation with the server: "
              + "Unexpected status code returned from negotiate '401'");
      assertThat(((HubConnectionException) failure).statusCode()).isEqualTo(401);
      assertThat(connection.state()).isEqualTo(HubConnectionState.DISCONNECTED);
    }
    // A hub without @Authorize takes anonymous clients, whatever token they bring.
    HubConnection open = started(connect(wire, Variant.STANDARD, "/testhub",
        builder -> builder.withAccessTokenProvider(() -> completed("token-mallory"))));
    assertThat(await(open.invoke(String.class, "Echo", "anonymous"))).isEqualTo("anonymous");
  }

  @OverEachWire
  void roleRequired(Wire wire) throws Exception {
    HubConnection alice = secure(wire, "token-alice");
    HubConnection carol = secure(wire, "token-admin-carol");
    startAll(alice, carol);
    assertRejects(alice.invoke(String.class, "AdminSecret"),
        "Failed to invoke 'AdminSecret' because user is unauthorized");
    assertRejects(alice.invoke(String.class, "adminSECRET"),
        "Failed to invoke 'adminSECRET' because user is unauthorized");
    assertThat(await(carol.invoke(String.class, "AdminSecret"))).isEqualTo("for admins only");
    assertThat(await(carol.invoke(Identity.class, "WhoAmI")))
        .isEqualTo(new Identity("carol", "carol"));
    assertThat(await(alice.invoke(Identity.class, "WhoAmI")))
        .as("a refused call leaves the connection up").isEqualTo(new Identity("alice", "alice"));
  }

  @OverEachWire
  void sendToUser(Wire wire) throws Exception {
    HubConnection alice1 = secure(wire, "token-alice");
    HubConnection alice2 = secure(wire, "token-alice");
    HubConnection bob = secure(wire, "token-bob");
    startAll(alice1, alice2, bob);
    List<InboxRecorder> inboxes =
        Stream.of(alice1, alice2, bob).map(InboxRecorder::receive).toList();
    await(bob.invoke("SendToUser", "alice", "for alice"));
    await(alice1.invoke("SendToUser", "bob", "for bob"));
    await(alice1.invoke("SendToUser", "Alice", "user ids are case-sensitive"));
    await(alice1.invoke("SendToUser", "nobody", "lost"));
    await(alice1.invoke("SendToAll", "fence")); // see groups() for why a fence proves absence
    assertThat(await(inboxes.get(0).until("fence"))).containsExactly("for alice", "fence");
    assertThat(await(inboxes.get(1).until("fence"))).containsExactly("for alice", "fence");
    assertThat(await(inboxes.get(2).until("fence"))).containsExactly("for bob", "fence");
  }

  // ---- Hub filters (FilteredHub at /filtered, InteropServer.Variant.FILTERS) ----

  @OverEachWire
  void filterRejects(Wire wire) throws Exception {
    HubConnection connection = started(connect(wire, Variant.FILTERS, "/filtered"));
    assertRejects(connection.invoke("Record", "forbidden"),
        invocationFailed("Record") + " HubException: rejected by filter");
    await(connection.send("Record", "forbidden")); // no answer for a non-blocking call
    await(connection.invoke("Record", "allowed"));
    // The hub method never ran for the refused calls.
    assertThat(await(connection.<List<String>>invoke(STRINGS, "Recorded")))
        .containsExactly("allowed");
  }

  @OverEachWire
  void filterOrder(Wire wire) throws Exception {
    HubConnection connection = started(connect(wire, Variant.FILTERS, "/filtered"));
    // Global filters run first, then the hub's own, each in the order added (as in ASP.NET Core).
    assertThat(await(connection.<List<String>>invoke(STRINGS, "FiltersSeen", List.of())))
        .containsExactly("global", "hub-first", "hub-second");
    assertThat(await(connection.<List<String>>invoke(STRINGS, "Lifetime")))
        .containsExactly("global", "hub-first", "hub-second", "hub");
  }

  @OverEachWire
  void filterSeesHubExceptions(Wire wire) throws Exception {
    HubConnection connection = started(connect(wire, Variant.FILTERS, "/filtered"));
    assertRejects(connection.invoke("Fail", "kaput"), invocationFailed("Fail")
        + " HubException: filter saw IllegalStateException: kaput");
  }

  // ---- Connections ----

  /** A connection (not started) to {@code hub} on {@code variant}, over {@code wire}. */
  private HubConnection connect(Wire wire, Variant variant, String hub,
      UnaryOperator<HubConnectionBuilder> configure) {
    HubConnectionBuilder builder = HubConnectionBuilder.create(server.baseUrl(variant) + hub)
        .withTransports(wire.transport())
        .withHubProtocol(wire.newProtocol());
    return track(configure.apply(builder).build());
  }

  private HubConnection connect(Wire wire, Variant variant, String hub) {
    return connect(wire, variant, hub, builder -> builder);
  }

  /** A connection (not started) that may use any of {@code allowed}, in JSON. */
  private HubConnection connectChoosing(String hub, TransportType... allowed) {
    return track(HubConnectionBuilder.create(server.baseUrl(Variant.STANDARD) + hub)
        .withTransports(allowed)
        .build());
  }

  private HubConnection track(HubConnection connection) {
    connections.add(connection);
    return connection;
  }

  private HubConnection started(Wire wire, String hub) throws Exception {
    return started(connect(wire, Variant.STANDARD, hub));
  }

  private static HubConnection started(HubConnection connection) throws Exception {
    await(connection.start());
    return connection;
  }

  /** {@code count} connections to the test hub, started together as Promise.all does. */
  private List<HubConnection> startedMany(Wire wire, int count) throws Exception {
    return startedMany(wire, count, "/testhub");
  }

  private List<HubConnection> startedMany(Wire wire, int count, String hub) throws Exception {
    List<HubConnection> clients = IntStream.range(0, count)
        .mapToObj(i -> connect(wire, Variant.STANDARD, hub)).toList();
    startAll(clients.toArray(HubConnection[]::new));
    return clients;
  }

  private static void startAll(HubConnection... clients) throws Exception {
    await(allOf(Stream.of(clients).map(HubConnection::start)));
  }

  /** A connection (not started) whose {@code GetMessage(question)} handler is {@code handler}. */
  private HubConnection answering(Wire wire, String hub, Function<String, Object> handler) {
    HubConnection connection = connect(wire, Variant.STANDARD, hub);
    connection.onWithResult("GetMessage", arguments -> handler.apply((String) arguments[0]),
        String.class);
    return connection;
  }

  /** A connection (not started) to {@link SecureHub} with a bearer token, or none if null. */
  private HubConnection secure(Wire wire, String token) {
    // As applications do: the provider is asked before every connection attempt.
    return connect(wire, Variant.STANDARD, "/secure", builder -> token == null ? builder
        : builder.withAccessTokenProvider(() -> completed(token)));
  }

  private static CompletionStage<String> completed(String token) {
    return CompletableFuture.completedFuture(token);
  }

  /**
   * How a connection ends, as text, whichever comes first: {@code "closed without error"},
   * {@code "closed: <message>"} or {@code "reconnecting: <message>"}. Call it before the end can
   * happen.
   */
  private static CompletableFuture<String> ending(HubConnection connection) {
    CompletableFuture<String> how = new CompletableFuture<>();
    connection.onClosed(error -> how.complete(describe("closed", error)));
    connection.onReconnecting(error -> how.complete(describe("reconnecting", error)));
    return how;
  }

  private static String describe(String event, Throwable error) {
    return error == null ? event + " without error" : event + ": " + error.getMessage();
  }

  /** The {@code Left(id, error)} message an inbox of {@code Left} receives when {@code id} ends. */
  private static Object departureOf(InboxRecorder left, String id) throws Exception {
    return await(left.until(message -> ((List<?>) message).get(0).equals(id))).stream()
        .filter(message -> ((List<?>) message).get(0).equals(id))
        .findFirst().orElseThrow();
  }

  private static List<Integer> range(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  // ---- Waiting and failures ----

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // The failure itself, so that an assertion error shows the client's message.
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    }
  }

  /** {@code null} once {@code stage} succeeded, or its failure. */
  private static Throwable outcome(CompletionStage<?> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    }
  }

  private static void assertFailsWith(CompletionStage<?> call, Class<?> type, String message)
      throws Exception {
    Throwable failure = outcome(call);
    assertThat(failure).as("the call's failure").isNotNull().isInstanceOf(type)
        .hasMessage(message);
  }

  /** Asserts that a call fails with the server's error text, as {@code rejectsWith} does. */
  private static void assertRejects(CompletionStage<?> call, String message) throws Exception {
    assertFailsWith(call, HubException.class, message);
  }

  private static CompletionStage<Void> allOf(Stream<? extends CompletionStage<?>> stages) {
    return CompletableFuture.allOf(stages.map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String failedToInvoke(String target) {
    return "Failed to invoke '" + target + "' due to an error on the server.";
  }

  private static String methodDoesNotExist(String target) {
    return failedToInvoke(target) + " HubException: Method does not exist.";
  }

  private static String invocationFailed(String target) {
    return "An unexpected error occurred invoking '" + target + "' on the server.";
  }

  // ---- HTTP, for the scenarios' requests that are no hub calls ----

  private static HttpResponse<String> http(String method, String pathAndQuery,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(server.baseUrl(Variant.STANDARD) + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> ask(String connectionId, String question)
      throws Exception {
    return http("GET", "/api/ask?connectionId=" + encode(connectionId) + "&question="
        + encode(question), Map.of());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
