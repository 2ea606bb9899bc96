package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.ClientProxy;
import io.signet.hub.HubClients;
import io.signet.hub.HubOptions;
import io.signet.hub.SingleClientProxy;
import io.signet.protocol.JsonHubProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Typed client proxies ({@code ClientProxy.as}): sends, client results, checks, object methods. */
class TypedClientsTest {
  private static final String RECEIVE =
      "{\"type\":1,\"target\":\"receiveMessage\",\"arguments\":[\"%s\",\"%s\"]}";
  private static final String NOTIFY = "{\"type\":1,\"target\":\"Notify\",\"arguments\":[\"%s\"]}";

  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final HubEndpointRuntime<TypedHubs.ChatHub> runtime = new HubEndpointRuntime<>(
      TypedHubs.ChatHub.class, null, HubOptions.DEFAULTS, new JsonHubProtocol(), executor);

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static String invoke(String id, String target, String arguments) {
    return "{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target
        + "\",\"arguments\":" + arguments + "}";
  }

  private static String completion(String id, String result) {
    return "{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":" + result + "}";
  }

  @Test
  void hubMethodsSendThroughTypedProxiesUnderTheJavaNameOrTheHubMethodName() throws Exception {
    TestClient a = TestClient.handshaken(runtime, timer);
    TestClient b = TestClient.handshaken(runtime, timer);
    String idA = a.connection.id();

    a.send(invoke("1", "toAll", "[\"hi\"]"));
    assertThat(a.next()).isEqualTo(RECEIVE.formatted(idA, "hi"));
    assertThat(a.next()).isEqualTo(completion("1", "null"));
    assertThat(b.next()).isEqualTo(RECEIVE.formatted(idA, "hi"));

    a.send(invoke("2", "toOthers", "[\"psst\"]"));
    assertThat(b.next()).isEqualTo(NOTIFY.formatted("psst"));
    assertThat(a.next()).isEqualTo(completion("2", "null"));

    a.send(invoke("3", "greetCaller", "[]"));
    assertThat(a.next()).isEqualTo(RECEIVE.formatted("server", "hello " + idA));
    assertThat(a.next()).isEqualTo(completion("3", "null"));

    a.send(invoke("4", "join", "[\"g\"]"));
    assertThat(a.next()).isEqualTo(completion("4", "null"));
    b.send(invoke("5", "join", "[\"g\"]"));
    assertThat(b.next()).isEqualTo(completion("5", "null"));
    b.send(invoke("6", "toOthersInGroup", "[\"g\", \"in g\"]"));
    assertThat(a.next()).isEqualTo(NOTIFY.formatted("in g"));
    assertThat(b.next()).isEqualTo(completion("6", "null"));
    assertThat(a.drainReceived()).isEmpty();
    assertThat(b.drainReceived()).isEmpty();
  }

  @Test
  void everyProxyOfTheHubContextHasATypedView() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer, () -> "alice");
    String id = client.connection.id();
    runtime.groups().add(id, "g").toCompletableFuture().get(5, TimeUnit.SECONDS);
    HubClients clients = runtime.clients();
    List<Function<HubClients, ClientProxy>> kinds = List.of(
        HubClients::all,
        c -> c.allExcept(List.of("someone-else")),
        c -> c.client(id),
        c -> c.clients(List.of(id)),
        c -> c.group("g"),
        c -> c.groups(List.of("g")),
        c -> c.groupExcept("g", List.of("someone-else")),
        c -> c.user("alice"),
        c -> c.users(List.of("alice")));
    for (int i = 0; i < kinds.size(); i++) {
      kinds.get(i).apply(clients).as(TypedHubs.ChatClient.class).notice("kind " + i)
          .get(5, TimeUnit.SECONDS);
      assertThat(client.next()).isEqualTo(NOTIFY.formatted("kind " + i));
    }
  }

  @Test
  void aSingleClientAnswersAClientResultBoundToTheDeclaredGenericType() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "askCaller", "[\"name?\"]"));
    String question = client.next();
    assertThat(question).matches("\\{\"type\":1,\"invocationId\":\"\\d+\","
        + "\"target\":\"getMessage\",\"arguments\":\\[\"name\\?\"]}");
    client.send(completion(idOf(question), "\"Ada\""));
    assertThat(client.next()).isEqualTo(completion("1", "\"Ada\""));

    client.send(invoke("2", "sumCallerPoints", "[]"));
    String points = client.next();
    assertThat(points).contains("\"target\":\"getPoints\",\"arguments\":[]");
    client.send(completion(idOf(points), "[{\"x\":1,\"y\":0},{\"x\":2,\"y\":0}]"));
    assertThat(client.next()).isEqualTo(completion("2", "3"));

    // From outside the hub too.
    CompletableFuture<String> answer = runtime.clients().client(client.connection.id())
        .as(TypedHubs.ChatClient.class).getMessage("again?").toCompletableFuture();
    client.send(completion(idOf(client.next()), "\"Bob\""));
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("Bob");
  }

  @Test
  void aClientResultThroughManyClientsIsRefusedNamingTheMethod() throws Exception {
    TestClient client = TestClient.handshaken(runtime, timer);
    client.send(invoke("1", "askAll", "[\"q\"]"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"error\":\"An "
        + "unexpected error occurred invoking 'askAll' on the server.\"}");
    assertThatThrownBy(() -> runtime.clients().group("g").as(TypedHubs.ChatClient.class)
        .getMessage("q"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("Client method " + TypedHubs.ChatClient.class.getName() + ".getMessage asks "
            + "for a client result, which only a single client gives: call it through "
            + "clients().caller() or clients().client(id), or declare it to return void or "
            + "CompletionStage<Void> to send it to many");
  }

  interface Returns {
    String name();
  }

  interface Raw {
    @SuppressWarnings("rawtypes")
    CompletionStage name();
  }

  interface Generic<T> {
    CompletionStage<T> value();
  }

  interface Wildcard {
    CompletionStage<List<?>> values();
  }

  @Test
  void classesAndMethodsOfOtherReturnTypesAreRefusedNamingTheInterfaceMethodAndFix() {
    ClientProxy proxy = (method, arguments) -> CompletableFuture.completedFuture(null);
    String fix = ": a client method returns void or CompletionStage<Void> (a send; "
        + "CompletableFuture<Void> too) or, called on a single client, CompletionStage<T> with "
        + "a concrete T (the client's result)";
    assertThatThrownBy(() -> proxy.as(ArrayList.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("java.util.ArrayList is not an interface: as(...) takes an "
            + "interface whose methods are the client's methods");
    assertThatThrownBy(() -> proxy.as(Returns.class))
        .hasMessage("Client method " + Returns.class.getName() + ".name returns "
            + "java.lang.String" + fix);
    assertThatThrownBy(() -> proxy.as(Raw.class))
        .hasMessage("Client method " + Raw.class.getName() + ".name returns "
            + "java.util.concurrent.CompletionStage" + fix);
    assertThatThrownBy(() -> proxy.as(Generic.class))
        .hasMessage("Client method " + Generic.class.getName() + ".value returns "
            + "java.util.concurrent.CompletionStage<T>" + fix);
    assertThatThrownBy(() -> proxy.as(Wildcard.class))
        .hasMessage("Client method " + Wildcard.class.getName() + ".values returns "
            + "java.util.concurrent.CompletionStage<java.util.List<?>>" + fix);
  }

  @Test
  void objectMethodsAreTheProxysOwnAndFuturesAreCopies() throws Exception {
    List<String> sent = new ArrayList<>();
    CompletableFuture<Void> sendDone = new CompletableFuture<>();
    ClientProxy proxy = new ClientProxy() {
      @Override
      public CompletionStage<Void> send(String method, Object... arguments) {
        sent.add(method + List.of(arguments));
        return sendDone;
      }

      @Override
      public String toString() {
        return "everyone";
      }
    };
    TypedHubs.ChatClient typed = proxy.as(TypedHubs.ChatClient.class);
    TypedHubs.ChatClient other = proxy.as(TypedHubs.ChatClient.class);
    assertThat(typed).isEqualTo(typed).isNotEqualTo(other).hasSameHashCodeAs(typed);
    assertThat(typed.toString()).isEqualTo("ChatClient client proxy over everyone");
    assertThat(Set.of(typed, other)).hasSize(2);

    typed.receiveMessage("a", "b");
    CompletableFuture<Void> notice = typed.notice("n");
    assertThat(sent).containsExactly("receiveMessage[a, b]", "Notify[n]");
    assertThat(notice).isNotSameAs(sendDone).isNotDone();
    notice.complete(null); // completes the copy only
    assertThat(sendDone).isNotDone();
    sendDone.complete(null);
  }

  @Test
  void aSingleClientProxyAsksThroughInvoke() throws Exception {
    List<String> asked = new ArrayList<>();
    SingleClientProxy single = new SingleClientProxy() {
      @Override
      public CompletionStage<Void> send(String method, Object... arguments) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public <T> CompletionStage<T> invoke(String method, Class<T> type, Object... arguments) {
        throw new AssertionError("the generic overload is used");
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> CompletionStage<T> invoke(String method, java.lang.reflect.Type type,
          Object... arguments) {
        asked.add(method + " " + type.getTypeName() + " " + List.of(arguments));
        return (CompletionStage<T>) CompletableFuture.completedFuture(List.of());
      }
    };
    assertThat(single.as(TypedHubs.ChatClient.class).getPoints().toCompletableFuture().get())
        .isEmpty();
    assertThat(asked).containsExactly(
        "getPoints java.util.List<io.signet.hub.internal.TestHubs$Point> []");
  }

  private static String idOf(String invocation) {
    return invocation.replaceAll(".*\"invocationId\":\"(\\d+)\".*", "$1");
  }
}
