package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.signet.jetty.SignetServer;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import io.signet.server.SignetHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back empty: each node serves its own connections meanwhile, and
 * afterwards resubscribes and rewrites its presence without anyone's help.
 */
class RedisOutageTest {
  private RedisServer redis;
  private final List<RedisScaleOut> scaleOuts = new ArrayList<>();
  private final List<Signet> signets = new ArrayList<>();
  private final List<SignetServer> nodes = new ArrayList<>();
  private final List<HubConnection> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    for (int i = 0; i < 2; i++) {
      RedisScaleOut scaleOut = RedisScaleOut.builder(redis.uri())
          .nodeTimeout(Duration.ofSeconds(3)).build();
      scaleOuts.add(scaleOut);
      Signet signet = Signet.builder().hub(ScaleHub.class).scaleOut(scaleOut).build();
      signets.add(signet);
      nodes.add(SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start());
    }
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> c.stop().blockingAwait(5, TimeUnit.SECONDS));
    nodes.forEach(SignetServer::close);
    redis.close();
  }

  private HubConnection client(int node, BlockingQueue<String> inbox) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + nodes.get(node).port() + "/scale")
        .withTransport(TransportEnum.WEBSOCKETS).build();
    connection.on("Message", (kind, text) -> inbox.add(kind + ":" + text),
        String.class, String.class);
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    clients.add(connection);
    return connection;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(50); // polling a condition that has no event to wait on
    }
  }

  @Test
  void nodesServeTheirOwnConnectionsAndRecoverByThemselves() throws Exception {
    BlockingQueue<String> a = new LinkedBlockingQueue<>();
    BlockingQueue<String> b = new LinkedBlockingQueue<>();
    HubConnection onA = client(0, a);
    HubConnection onB = client(1, b);
    onA.invoke("Join", "room").blockingAwait(10, TimeUnit.SECONDS);
    onB.invoke("Join", "room").blockingAwait(10, TimeUnit.SECONDS);
    String idOfB = onB.invoke(String.class, "WhoAmI").blockingGet();
    assertThat(signets.get(0).health().status()).isEqualTo(SignetHealth.Status.UP);

    redis.kill();
    await(() -> !scaleOuts.get(0).isRedisReachable(), "node A sees the outage");
    // Degraded, not down: a load balancer keeps routing to it, and it says what it cannot reach.
    SignetHealth duringOutage = signets.get(0).health();
    assertThat(duringOutage.status()).isEqualTo(SignetHealth.Status.DEGRADED);
    assertThat(duringOutage.isUp()).isTrue();
    assertThat(duringOutage.scaleOutReachable()).isFalse();
    assertThat(duringOutage.totalConnections()).isEqualTo(1);

    // Local sends and local groups still work; the other node misses them.
    onA.invoke("ToGroup", "room", "during").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("group:during");
    // A new connection during the outage negotiates and works on its node.
    BlockingQueue<String> late = new LinkedBlockingQueue<>();
    HubConnection lateOnB = client(1, late);
    lateOnB.invoke("Join", "room").blockingAwait(10, TimeUnit.SECONDS);
    onB.invoke("ToGroup", "room", "local-b").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("group:local-b");
    assertThat(late.poll(10, TimeUnit.SECONDS)).isEqualTo("group:local-b");

    redis.restart();
    await(() -> scaleOuts.stream().allMatch(RedisScaleOut::isRedisReachable), "Redis is back");
    assertThat(signets).allMatch(signet -> signet.health().status() == SignetHealth.Status.UP);
    // Cross-node delivery resumes by itself: both nodes listen on their channels again.
    await(() -> {
      onA.invoke("ToGroup", "room", "after").blockingAwait(10, TimeUnit.SECONDS);
      return b.contains("group:after");
    }, "a send from A reaches B again");
    // Presence was rewritten into the empty Redis, by both nodes.
    await(() -> onA.invoke(String[].class, "GroupMembers", "room").blockingGet().length == 3,
        "presence lists the three members again");
    assertThat(onA.invoke(String[].class, "GroupMembers", "room").blockingGet())
        .contains(idOfB);
    assertThat(b).doesNotContain("group:during");
  }

  @Test
  void longPollingConnectionsSurviveARestartedEmptyRedis() throws Exception {
    RawLongPolling polling = new RawLongPolling(nodes.stream().map(SignetServer::port).toList());
    String token = polling.claimedByNode1();
    polling.call(token, 0, 0, 1); // node 0 knows the owner from Redis now, and remembers it

    redis.restart(); // empty: the connection's directory entry is gone
    await(() -> scaleOuts.stream().allMatch(RedisScaleOut::isRedisReachable), "Redis is back");
    // Node 1 writes the entries of its connections again, so a node that never saw this
    // connection finds it: a third node stands in for it.
    RedisScaleOut third = RedisScaleOut.create(redis.uri());
    Signet signet = Signet.builder().hub(ScaleHub.class).scaleOut(third).build();
    nodes.add(SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start());
    RawLongPolling withThird =
        new RawLongPolling(nodes.stream().map(SignetServer::port).toList());
    await(() -> {
      try {
        return withThird.post(2, token, "{\"type\":6}" + RawLongPolling.RS).statusCode() == 200;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "the third node forwards to the owner");
    withThird.call(token, 2, 2, 2);
  }
}
