package io.signet.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signet.hub.Hub;
import io.signet.hub.HubContext;
import io.signet.hub.HubEndpoint;
import io.signet.hub.HubOptions;
import io.signet.protocol.JsonHubProtocol;
import io.signet.server.Signet;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client interfaces a hub declares ({@code @HubEndpoint(client = ...)}): checked when the hub is
 * registered, and used from the hub and from its {@link HubContext}.
 */
class DeclaredClientTest {
  private static final String RECEIVE =
      "{\"type\":1,\"target\":\"receiveMessage\",\"arguments\":[\"%s\",\"%s\"]}";
  private static final String FIX = ": a client method returns void or CompletionStage<Void> (a "
      + "send; CompletableFuture<Void> too) or, called on a single client, CompletionStage<T> "
      + "with a concrete T (the client's result)";

  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() throws InterruptedException {
    executor.shutdownNow();
    timer.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @HubEndpoint(value = "/chat", client = TypedHubs.ChatClient.class)
  public static class DeclaringHub extends Hub {
    public void toAll(String message) {
      clients().all().as(TypedHubs.ChatClient.class)
          .receiveMessage(context().connectionId(), message);
    }
  }

  interface ReturnsString {
    void fine();

    String name();
  }

  interface Generic<T> {
    CompletionStage<T> value();
  }

  @HubEndpoint(value = "/bad", client = ReturnsString.class)
  public static class ReturnsStringHub extends Hub {}

  @HubEndpoint(value = "/bad", client = Generic.class)
  public static class GenericHub extends Hub {}

  @HubEndpoint(value = "/bad", client = ArrayList.class)
  public static class ClassHub extends Hub {}

  private <H extends Hub> HubEndpointRuntime<H> runtime(Class<H> hubClass) {
    return new HubEndpointRuntime<>(
        hubClass, null, HubOptions.DEFAULTS, new JsonHubProtocol(), executor);
  }

  @Test
  void aHubDeclaringABadClientInterfaceFailsRegistrationNamingHubInterfaceAndMethod() {
    assertThatThrownBy(() -> runtime(ReturnsStringHub.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Hub " + ReturnsStringHub.class.getName() + " declares client = "
            + ReturnsString.class.getName() + ".class: Client method "
            + ReturnsString.class.getName() + ".name returns java.lang.String" + FIX);
    assertThatThrownBy(() -> runtime(GenericHub.class))
        .hasMessage("Hub " + GenericHub.class.getName() + " declares client = "
            + Generic.class.getName() + ".class: Client method " + Generic.class.getName()
            + ".value returns java.util.concurrent.CompletionStage<T>" + FIX);
    assertThatThrownBy(() -> runtime(ClassHub.class))
        .hasMessageStartingWith("Hub " + ClassHub.class.getName() + " declares client = "
            + "java.util.ArrayList.class: java.util.ArrayList is not an interface");
  }

  @Test
  void buildingFailsForABadDeclaredInterfaceWhateverPathTheHubIsRegisteredAt() {
    assertThatThrownBy(() -> Signet.builder().hub("/elsewhere", ReturnsStringHub.class).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Hub " + ReturnsStringHub.class.getName() + " declares client = "
            + ReturnsString.class.getName() + ".class: Client method "
            + ReturnsString.class.getName() + ".name returns java.lang.String");
  }

  @Test
  void aDeclaredInterfaceSendsFromTheHubAndFromItsHubContext() throws Exception {
    HubEndpointRuntime<DeclaringHub> runtime = runtime(DeclaringHub.class);
    TestClient client = TestClient.handshaken(runtime, timer);
    String id = client.connection.id();

    client.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"toAll\",\"arguments\":[\"hi\"]}");
    assertThat(client.next()).isEqualTo(RECEIVE.formatted(id, "hi"));
    assertThat(client.next()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":null}");

    HubContext<DeclaringHub> context = runtime;
    context.clients().all().as(TypedHubs.ChatClient.class).receiveMessage("server", "hello");
    assertThat(client.next()).isEqualTo(RECEIVE.formatted("server", "hello"));
    assertThat(client.drainReceived()).isEmpty();
  }

  @Test
  void proxiesOfAnInterfaceComeFromOneCachedConstructor() {
    // A package-private interface (proxy class beside it) and a public one of a named module
    // (proxy class in a dynamic module): both construct without going through Proxy each time.
    for (Class<?> type : new Class<?>[] {TypedHubs.ChatClient.class, Runnable.class}) {
      ClientInterface table = ClientInterface.of(type);
      assertThat(ClientInterface.of(type)).isSameAs(table);
      assertThat(table.constructsDirectly()).as(type.getName()).isTrue();
      Object first = table.newProxy((proxy, method, args) -> null);
      Object second = table.newProxy((proxy, method, args) -> null);
      assertThat(first).isNotSameAs(second).isInstanceOf(type);
      assertThat(second.getClass()).isSameAs(first.getClass());
      assertThat(Proxy.isProxyClass(first.getClass())).isTrue();
    }
  }
}
