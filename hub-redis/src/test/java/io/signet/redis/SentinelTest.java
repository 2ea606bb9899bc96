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
import org.junit.jupiter.api.Test;

/** A {@code redis-sentinel://} URI works as it is: Lettuce finds the master through Sentinel. */
class SentinelTest {
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void nodesFindTheMasterThroughSentinel() throws Exception {
    RedisServer master = RedisServer.start();
    closing.add(master);
    RedisServer sentinel = RedisServer.startSentinel("signet-master", master);
    closing.add(sentinel);
    List<SignetServer> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Signet signet = Signet.builder().hub(ScaleHub.class)
          .scaleOut(RedisScaleOut.create(sentinel.uri())).build();
      SignetServer node = SignetServer.builder().host("127.0.0.1").port(0).signet(signet).start();
      closing.add(node);
      nodes.add(node);
    }
    BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    HubConnection onA = connect(nodes.get(0), new LinkedBlockingQueue<>());
    HubConnection onB = connect(nodes.get(1), inbox);
    onA.invoke("ToAll", "through sentinel").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("all:through sentinel");
  }

  private HubConnection connect(SignetServer node, BlockingQueue<String> inbox) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + node.port() + "/scale")
        .withTransport(TransportEnum.WEBSOCKETS).build();
    connection.on("Message", (kind, text) -> inbox.add(kind + ":" + text),
        String.class, String.class);
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    closing.add(() -> connection.stop().blockingAwait(5, TimeUnit.SECONDS));
    return connection;
  }
}
