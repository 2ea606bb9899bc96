package io.signet.interop.scaleout;

import static io.signet.interop.scaleout.JavaClusterClient.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.signalr.HubException;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a scale-out, with the official Java client: a node killed with {@code SIGKILL} (its
 * presence vanishes, the survivor serves on), and Redis killed and restarted empty under steady
 * traffic (each node serves its own connections meanwhile, then the cluster heals by itself, and
 * what other nodes lost is one contiguous window of messages).
 */
class ScaleOutFaultTest {
  /** Beyond the node timeout, for a presence query to run on a loaded machine. */
  private static final Duration PRESENCE_MARGIN = Duration.ofSeconds(15);
  /**
   * Until nodes are back after Redis restarts: Lettuce retries with an exponential backoff (up to
   * about as long as the outage lasted), then the nodes resubscribe and rewrite their presence.
   */
  private static final Duration RECOVERY = Duration.ofSeconds(90);

  private final List<JavaClusterClient> clients = new ArrayList<>();
  private Cluster cluster;
  private ChildJvmNode child;

  @AfterEach
  void stopEverything() throws InterruptedException {
    clients.forEach(JavaClusterClient::close);
    if (child != null) {
      child.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private JavaClusterClient connect(String baseUrl, TransportEnum transport, String user) {
    JavaClusterClient client = JavaClusterClient.connect(baseUrl, transport, user);
    clients.add(client);
    return client;
  }

  @Test
  void presenceOfAKilledNodeVanishesWhileTheSurvivorServesOn() throws Exception {
    cluster = Cluster.start(1);
    child = ChildJvmNode.start(cluster.redis().uri());
    String room = "room";
    JavaClusterClient x1 = connect(child.baseUrl(), TransportEnum.WEBSOCKETS, "xavier");
    JavaClusterClient x2 = connect(child.baseUrl(), TransportEnum.LONG_POLLING, "xavier");
    JavaClusterClient y1 = connect(cluster.baseUrl(0), TransportEnum.WEBSOCKETS, "yara");
    JavaClusterClient y2 = JavaClusterClient.connect(JavaClusterClient.builder(
        cluster.baseUrl(0), TransportEnum.LONG_POLLING, "yolanda"), "yolanda", connection ->
        connection.onWithResult("Answer",
            (String question) -> Single.just("yolanda answers " + question), String.class));
    clients.add(y2);
    x1.invoke("join", room);
    x2.invoke("join", room);
    y1.invoke("join", room);

    Set<String> everyone = Set.of(x1.id(), x2.id(), y1.id());
    Eventually.await("the room seen from the in-JVM node", WAIT,
        () -> y1.set("groupConnections", room), everyone::equals);
    assertThat(x1.set("groupConnections", room)).isEqualTo(everyone);
    assertThat(y1.set("groupUsers", room)).containsExactlyInAnyOrder("xavier", "yara");
    assertThat(y1.set("userConnections", "xavier")).containsExactlyInAnyOrder(x1.id(), x2.id());
    assertThat(y1.call(Boolean.class, "isUserOnline", "xavier")).isTrue();
    y1.invoke("toGroup", room, "before");
    for (JavaClusterClient member : List.of(x1, x2, y1)) {
      assertThat(member.next()).as("%s", member).isEqualTo("group:before");
    }

    child.kill();

    // Nobody tells Redis: only the missing heartbeat makes the dead node's entries vanish.
    Eventually.await("the killed node's connections gone from the room",
        Cluster.NODE_TIMEOUT.plus(PRESENCE_MARGIN),
        () -> y1.set("groupConnections", room), Set.of(y1.id())::equals);
    assertThat(y1.set("groupUsers", room)).containsExactly("yara");
    assertThat(y1.set("userConnections", "xavier")).isEmpty();
    assertThat(y1.call(Boolean.class, "isUserOnline", "xavier")).isFalse();
    assertThat(y1.call(Boolean.class, "isUserOnline", "yara")).isTrue();

    // The survivor's clients go on as before.
    y2.invoke("join", room);
    y1.invoke("toGroup", room, "after");
    assertThat(y1.next()).isEqualTo("group:after");
    assertThat(y2.next()).isEqualTo("group:after");
    y2.invoke("toUser", "yara", "to yara");
    assertThat(y1.next()).isEqualTo("user:to yara");
    y2.invoke("toAll", "to all");
    assertThat(y1.next()).isEqualTo("all:to all");
    assertThat(y2.next()).isEqualTo("all:to all");
    assertThat(y1.call(String.class, "ask", y2.id(), "still there?"))
        .isEqualTo("yolanda answers still there?");
    assertThat(y1.set("groupConnections", room)).containsExactlyInAnyOrder(y1.id(), y2.id());

    // What targets the dead node's connections ends at once, as for unknown connections.
    y1.invoke("toClient", x1.id(), "to the dead");
    y1.invoke("addToGroup", x1.id(), "elsewhere");
    assertThat(y1.set("groupConnections", "elsewhere")).isEmpty();
    assertThatThrownBy(() -> y1.call(String.class, "ask", x1.id(), "hello?"))
        .isInstanceOf(HubException.class);
    assertThat(y1.call(String.class, "describeAnswer", x1.id(), "hello?")).isEqualTo(
        "failed: java.io.IOException: Connection '" + x1.id() + "' does not exist.");
  }

  @Test
  void redisRestartedUnderTrafficCostsOtherNodesOneWindowAndHealsByItself() throws Exception {
    cluster = Cluster.start(2);
    String room = "stream";
    JavaClusterClient a1 = connect(cluster.baseUrl(0), TransportEnum.WEBSOCKETS, "ann");
    JavaClusterClient a2 = connect(cluster.baseUrl(0), TransportEnum.LONG_POLLING, "abe");
    JavaClusterClient b1 = connect(cluster.baseUrl(1), TransportEnum.WEBSOCKETS, "bea");
    JavaClusterClient b2 = connect(cluster.baseUrl(1), TransportEnum.LONG_POLLING, "ben");
    List<JavaClusterClient> onA = List.of(a1, a2);
    List<JavaClusterClient> onB = List.of(b1, b2);
    for (JavaClusterClient client : List.of(a1, a2, b1, b2)) {
      client.invoke("join", room); // completes once its node listens on the group's channel
    }
    Set<String> members = Set.of(a1.id(), a2.id(), b1.id(), b2.id());
    Eventually.await("the stream's members in presence", WAIT,
        () -> b1.set("groupConnections", room), members::equals);

    int[] lastOnBBeforeKill = new int[onB.size()];
    int firstAfterKill;
    int lastBeforeRestart;
    JavaClusterClient c;
    JavaClusterClient c2;
    GroupTraffic traffic = GroupTraffic.start(a1, room);
    try (traffic) {
      Eventually.await("B's members receiving the stream", WAIT,
          () -> b1.numberCount() >= 20 && b2.numberCount() >= 20);
      for (int i = 0; i < onB.size(); i++) {
        List<Integer> got = onB.get(i).numbers();
        lastOnBBeforeKill[i] = got.get(got.size() - 1);
      }
      cluster.redis().kill();
      // Every message from this number on is sent after Redis died.
      firstAfterKill = traffic.nextNumber();
      Eventually.await("the stream going on during the outage", WAIT,
          () -> traffic.completed() >= firstAfterKill + 20);

      // Negotiate cannot register a connection in Redis now: it must stay on node B, and work.
      c = connect(cluster.baseUrl(1), TransportEnum.WEBSOCKETS, "cora");
      c2 = connect(cluster.baseUrl(1), TransportEnum.LONG_POLLING, "cora");
      assertThat(c.call(String.class, "whoAmI")).isEqualTo(c.id());
      assertThat(c2.call(String.class, "whoAmI")).isEqualTo(c2.id());
      c.invoke("join", "local");
      c2.invoke("join", "local");
      b1.invoke("toGroup", "local", "during the outage");
      assertThat(c.next()).isEqualTo("group:during the outage");
      assertThat(c2.next()).isEqualTo("group:during the outage");
      c2.invoke("toClient", b2.id(), "from cora");
      assertThat(b2.next()).isEqualTo("client:from cora");

      // Sent and published (failing: no Redis) before the restart: lost for node B for sure.
      lastBeforeRestart = traffic.completed();
      cluster.redis().restart();

      Eventually.await("new messages reaching B's members again", RECOVERY,
          () -> b1.receivedAbove(lastBeforeRestart) && b2.receivedAbove(lastBeforeRestart));
      Eventually.await("the stream's group back in presence", RECOVERY,
          () -> b1.set("groupConnections", room), members::equals);
      Set<String> outageConnections = Set.of(c.id(), c2.id());
      Eventually.await("the outage connections' group in presence", RECOVERY,
          () -> a1.set("groupConnections", "local"), outageConnections::equals);
      assertThat(a1.set("userConnections", "cora")).isEqualTo(outageConnections);
      a1.invoke("toGroup", "local", "after the outage");
      assertThat(c.next()).isEqualTo("group:after the outage");
      assertThat(c2.next()).isEqualTo("group:after the outage");
      int recovered = traffic.completed();
      Eventually.await("the stream going on after recovery", WAIT,
          () -> traffic.completed() >= recovered + 20);
    }

    // The traffic stopped; its last message must reach everyone.
    int last = traffic.completed();
    for (JavaClusterClient member : List.of(a1, a2, b1, b2)) {
      Eventually.await(member + " receiving message " + last, WAIT,
          () -> member.numbers().contains(last));
    }
    List<Integer> everything = IntStream.rangeClosed(0, last).boxed().toList();
    for (JavaClusterClient local : onA) {
      assertThat(local.numbers()).as("what %s on the sending node received", local)
          .containsExactlyElementsOf(everything);
    }
    for (int i = 0; i < onB.size(); i++) {
      assertLostOneWindow(onB.get(i), last, lastOnBBeforeKill[i], firstAfterKill,
          lastBeforeRestart);
    }
  }

  /**
   * {@code member} received {@code 0..last} in order, each once, except one contiguous window
   * that lies after what it had received before the kill and covers every message sent while
   * Redis was down.
   */
  private static void assertLostOneWindow(JavaClusterClient member, int last,
      int receivedBeforeKill, int firstAfterKill, int lastBeforeRestart) {
    List<Integer> got = member.numbers();
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i) <= got.get(i - 1)) {
        throw new AssertionError(member + " received " + got.get(i) + " after " + got.get(i - 1)
            + " (duplicated or reordered)");
      }
    }
    Set<Integer> received = Set.copyOf(got);
    List<Integer> lost = IntStream.rangeClosed(0, last).filter(n -> !received.contains(n))
        .boxed().toList();
    assertThat(lost).as("what %s lost", member).isNotEmpty();
    int from = lost.get(0);
    int to = lost.get(lost.size() - 1);
    assertThat(to - from + 1).as("what %s lost is one window: %s", member, ranges(lost))
        .isEqualTo(lost.size());
    assertThat(from).as("%s lost nothing it had before the kill", member)
        .isGreaterThan(receivedBeforeKill);
    assertThat(from).as("%s lost from the kill on", member).isLessThanOrEqualTo(firstAfterKill);
    assertThat(to).as("%s lost everything sent during the outage", member)
        .isGreaterThanOrEqualTo(lastBeforeRestart);
  }

  /** {@code 3-7, 9} for {@code [3, 4, 5, 6, 7, 9]}: readable in a failure. */
  private static String ranges(List<Integer> numbers) {
    List<int[]> runs = new ArrayList<>();
    for (int n : numbers) {
      if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == n - 1) {
        runs.get(runs.size() - 1)[1] = n;
      } else {
        runs.add(new int[] {n, n});
      }
    }
    return runs.stream().map(r -> r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1])
        .collect(Collectors.joining(", "));
  }
}
