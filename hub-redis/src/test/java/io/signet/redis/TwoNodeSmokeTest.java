package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.signet.jetty.SignetServer;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwoNodeSmokeTest {
  private RedisServer redis;
  private final List<SignetServer> nodes = new ArrayList<>();
  private final List<HubConnection> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    for (int i = 0; i < 2; i++) {
      Signet signet = Signet.builder().hub(ScaleHub.class)
          .scaleOut(RedisScaleOut.create(redis.uri())).build();
      nodes.add(SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start());
    }
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> c.stop().blockingAwait(5, TimeUnit.SECONDS));
    nodes.forEach(SignetServer::close);
    redis.close();
  }

  private HubConnection client(int node, BlockingQueue<String> inbox, TransportEnum transport) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + nodes.get(node).port() + "/scale")
        .withTransport(transport).build();
    connection.on("Message", (kind, text) -> inbox.add(kind + ":" + text),
        String.class, String.class);
    connection.onClosed(error -> inbox.add("closed:" + error));
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    clients.add(connection);
    return connection;
  }

  @Test
  void sendsCrossNodes() throws Exception {
    BlockingQueue<String> a = new LinkedBlockingQueue<>();
    BlockingQueue<String> b = new LinkedBlockingQueue<>();
    HubConnection onA = client(0, a, TransportEnum.WEBSOCKETS);
    HubConnection onB = client(1, b, TransportEnum.LONG_POLLING);
    onA.invoke("ToAll", "hello").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("all:hello");
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("all:hello");

    onB.invoke("Join", "room").blockingAwait(10, TimeUnit.SECONDS);
    onA.invoke("ToGroup", "room", "g1").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("group:g1");

    String idOfB = onB.invoke(String.class, "WhoAmI").blockingGet();
    String idOfA = onA.invoke(String.class, "WhoAmI").blockingGet();
    onA.invoke("AddToGroup", idOfB, "remote").blockingAwait(10, TimeUnit.SECONDS);
    onA.invoke("ToGroup", "remote", "g2").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("group:g2");
    onB.invoke("ToClient", idOfA, "direct").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("client:direct");

    assertThat(onA.invoke(String[].class, "GroupMembers", "remote").blockingGet())
        .containsExactly(idOfB);
    assertThat(a).isEmpty();
    assertThat(b).isEmpty();
  }
}
