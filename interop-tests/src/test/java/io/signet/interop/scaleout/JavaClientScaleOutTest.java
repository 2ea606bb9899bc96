package io.signet.interop.scaleout;

import static io.signet.interop.scaleout.JavaClusterClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HttpHubConnectionBuilder;
import com.microsoft.signalr.HubException;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official SignalR Java client against two Signet nodes sharing one real Redis, over both of
 * its transports: every kind of send, group changes and client results cross nodes, and a
 * connection whose requests are spread over both nodes (no sticky sessions) works as on one.
 */
class JavaClientScaleOutTest {
  private static Cluster cluster;
  private final List<JavaClusterClient> clients = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopClients() {
    clients.forEach(JavaClusterClient::close);
  }

  private JavaClusterClient connect(int node, TransportEnum transport, String user) {
    JavaClusterClient client =
        JavaClusterClient.connect(cluster.baseUrl(node), transport, user);
    clients.add(client);
    return client;
  }

  /** Unique per call: the cluster lives for the whole class, so names must not collide. */
  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void sendsReachClientsOnTheOtherNode(TransportEnum transport) throws Exception {
    String bob = unique("bob");
    String room = unique("room");
    JavaClusterClient a = connect(0, transport, unique("alice"));
    JavaClusterClient b = connect(1, transport, bob);

    a.invoke("toAll", "hello");
    assertThat(a.next()).isEqualTo("all:hello");
    assertThat(b.next()).isEqualTo("all:hello");

    b.invoke("join", room);
    a.invoke("toGroup", room, "to the room");
    assertThat(b.next()).isEqualTo("group:to the room");
    a.invoke("toUser", bob, "to bob");
    assertThat(b.next()).isEqualTo("user:to bob");
    a.invoke("toClient", b.id(), "to b");
    assertThat(b.next()).isEqualTo("client:to b");

    // Back the other way. A stray group or user message for a (wrongly) would have been
    // delivered to it locally, before this one, which travels through Redis.
    b.invoke("toClient", a.id(), "to a");
    assertThat(a.next()).isEqualTo("client:to a");
    b.invoke("toGroup", room, "from inside the room");
    assertThat(b.next()).isEqualTo("group:from inside the room");
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void addsAndRemovesAConnectionOnTheOtherNode(TransportEnum transport) throws Exception {
    String bob = unique("bob");
    String room = unique("room");
    JavaClusterClient a = connect(0, transport, unique("alice"));
    JavaClusterClient b = connect(1, transport, bob);

    // Completes once b's node acknowledged the change: the next send finds b in the group.
    a.invoke("addToGroup", b.id(), room);
    a.invoke("toGroup", room, "added");
    assertThat(b.next()).isEqualTo("group:added");
    Eventually.await("the room's presence seen from a's node", WAIT,
        () -> a.set("groupConnections", room), Set.of(b.id())::equals);
    assertThat(a.set("groupUsers", room)).containsExactly(bob);

    a.invoke("removeFromGroup", b.id(), room);
    a.invoke("toGroup", room, "after the removal");
    // One publishing connection on a's node, one subscribing on b's: had the group message
    // reached b, it would come before this one.
    a.invoke("toClient", b.id(), "marker");
    assertThat(b.next()).isEqualTo("client:marker");
    Eventually.await("the room's presence empty", WAIT,
        () -> a.set("groupConnections", room), Set::isEmpty);
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void clientResultsCrossNodes(TransportEnum transport) {
    String bob = unique("bob");
    JavaClusterClient a = connect(0, transport, unique("alice"));
    HttpHubConnectionBuilder builder =
        JavaClusterClient.builder(cluster.baseUrl(1), transport, bob);
    JavaClusterClient b = JavaClusterClient.connect(builder, bob, connection ->
        connection.onWithResult("Answer",
            (String question) -> Single.just(bob + " answers " + question), String.class));
    clients.add(b);

    for (int i = 0; i < 5; i++) {
      assertThat(a.call(String.class, "ask", b.id(), "q" + i)).isEqualTo(bob + " answers q" + i);
    }
    // a has no handler: the Java client answers with its own error, relayed across nodes with
    // the text a single node gives (see JavaClientInteropTest.answersClientResults).
    assertThatThrownBy(() -> b.call(String.class, "ask", a.id(), "q"))
        .isInstanceOf(HubException.class)
        .hasMessage("An unexpected error occurred invoking 'ask' on the server. "
            + "HubException: Client failed to parse argument(s).");
  }

  /**
   * Every request of one connection goes to the nodes in turn, per kind of request: negotiate to
   * node 0, the first transport request (which claims the connection) to node 1, and so on, as
   * a load balancer without sticky sessions would spread them.
   */
  @ParameterizedTest(name = "over {0}")
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  void servesAConnectionWhoseRequestsAlternateBetweenNodes(TransportEnum transport)
      throws Exception {
    String user = unique("roaming");
    String room = unique("room");
    JavaClusterClient other = connect(0, TransportEnum.WEBSOCKETS, unique("other"));
    RoundRobin balancer = new RoundRobin(port(0), port(1));
    HttpHubConnectionBuilder builder = JavaClusterClient.builder(cluster.baseUrl(0), transport,
        user).setHttpClientBuilderCallback(http -> http.addInterceptor(balancer));
    JavaClusterClient roaming = JavaClusterClient.connect(builder, user, connection -> { });
    clients.add(roaming);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      assertThat(roaming.call(String.class, "whoAmI")).isEqualTo(roaming.id());
      roaming.invoke("toClient", roaming.id(), Integer.toString(i));
      expected.add("client:" + i);
    }
    roaming.invoke("sequence", roaming.id(), 25);
    for (int i = 0; i < 25; i++) {
      expected.add("sequence:" + i);
    }
    roaming.invoke("join", room);
    other.invoke("toGroup", room, "from the other node's client");
    expected.add("group:from the other node's client");
    List<String> received = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      received.add(roaming.next());
    }
    assertThat(received).containsExactlyElementsOf(expected);
    Eventually.await("the roaming user in presence", WAIT,
        () -> other.set("userConnections", user), Set.of(roaming.id())::equals);

    roaming.close();
    Eventually.await("the roaming user gone from presence after stop()", WAIT,
        () -> other.set("userConnections", user), Set::isEmpty);

    List<RoundRobin.Routed> routed = List.copyOf(balancer.routed);
    assertThat(routed).filteredOn(r -> r.kind().equals("negotiate"))
        .containsExactly(new RoundRobin.Routed("negotiate", 0, 200));
    if (transport == TransportEnum.WEBSOCKETS) {
      assertThat(routed).filteredOn(r -> !r.kind().equals("negotiate"))
          .containsExactly(new RoundRobin.Routed("websocket", 1, 101));
      return;
    }
    assertThat(nodes(routed, "poll")).as("nodes that got polls: %s", routed)
        .containsExactlyInAnyOrder(0, 1);
    assertThat(nodes(routed, "send")).as("nodes that got POSTs: %s", routed)
        .containsExactlyInAnyOrder(0, 1);
    assertThat(routed).filteredOn(r -> r.kind().equals("send"))
        .as("every POST accepted, on its owner or forwarded to it")
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(routed).filteredOn(r -> r.kind().equals("poll"))
        .allSatisfy(r -> assertThat(r.status()).isIn(200, 204));
    // stop() POSTs a Close and sends the DELETE without waiting for the POST's answer: if the
    // DELETE ends the connection first, the Close finds none, as it would on one node.
    assertThat(routed).filteredOn(r -> r.kind().equals("close")).singleElement()
        .satisfies(r -> assertThat(r.status()).isIn(200, 404));
    // Node 1 claimed the connection with the first poll; the DELETE went to node 0.
    assertThat(routed).filteredOn(r -> r.kind().equals("delete"))
        .containsExactly(new RoundRobin.Routed("delete", 0, 202));
  }

  private static int port(int node) {
    String url = cluster.baseUrl(node);
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  private static Set<Integer> nodes(List<RoundRobin.Routed> routed, String kind) {
    return routed.stream().filter(r -> r.kind().equals(kind)).map(RoundRobin.Routed::node)
        .collect(Collectors.toSet());
  }

  /**
   * An OkHttp interceptor that sends each request to the nodes in turn, one turn per kind of
   * request (so that polls and POSTs, which a client often alternates, each visit every node),
   * and records where each went and what it answered.
   */
  static final class RoundRobin implements Interceptor {
    /** One request: its kind, the node it went to, its status ({@code -1}: no answer). */
    record Routed(String kind, int node, int status) {}

    private final int[] ports;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    final List<Routed> routed = new CopyOnWriteArrayList<>();

    RoundRobin(int... ports) {
      this.ports = ports;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      String kind = kind(request);
      // Negotiate starts at node 0 and everything else at node 1, so that the connection is
      // claimed on a node other than the one that negotiated it.
      int turn = turns.computeIfAbsent(kind,
          k -> new AtomicInteger(k.equals("negotiate") || k.equals("delete") ? 0 : 1))
          .getAndIncrement();
      int node = turn % ports.length;
      Request moved = request.newBuilder()
          .url(request.url().newBuilder().port(ports[node]).build())
          .build();
      try {
        Response response = chain.proceed(moved);
        routed.add(new Routed(kind, node, response.code()));
        return response;
      } catch (IOException e) {
        routed.add(new Routed(kind, node, -1));
        throw e;
      }
    }

    private static String kind(Request request) throws IOException {
      if (request.url().encodedPath().endsWith("/negotiate")) {
        return "negotiate";
      }
      if ("websocket".equalsIgnoreCase(request.header("Upgrade"))) {
        return "websocket";
      }
      return switch (request.method()) {
        case "GET" -> "poll";
        case "POST" -> isClose(request) ? "close" : "send";
        case "DELETE" -> "delete";
        default -> request.method();
      };
    }

    /** Whether a POST carries the hub protocol's {@code Close} message (JSON, type 7). */
    private static boolean isClose(Request request) throws IOException {
      if (request.body() == null) {
        return false;
      }
      Buffer body = new Buffer();
      request.body().writeTo(body); // the client's bodies are byte arrays: writable again
      return body.readUtf8().replace(" ", "").startsWith("{\"type\":7");
    }
  }
}
