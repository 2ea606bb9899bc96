package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.signet.jetty.SignetServer;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.JsonHubProtocol;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.TransferFormat;
import io.signet.redis.testing.RedisServer;
import io.signet.server.Signet;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send that one of the hub's protocols cannot write, as MessagePack cannot write an integer
 * past 64 bits: on one node only the protocols of its recipients serialise it, so across nodes
 * too it reaches every recipient speaking another protocol, and only the connections speaking
 * the one that cannot write it miss it.
 */
class UnwritableInOneProtocolTest {
  private static final String UNWRITABLE = "unwritable in strict";

  private RedisServer redis;
  private final List<SignetServer> nodes = new ArrayList<>();
  private final List<HubConnection> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    for (int i = 0; i < 2; i++) {
      Signet signet = Signet.builder().hub(ScaleHub.class).protocol(new StrictJson())
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

  private HubConnection jsonClient(int node, BlockingQueue<String> inbox) {
    HubConnection connection = HubConnectionBuilder
        .create("http://127.0.0.1:" + nodes.get(node).port() + "/scale")
        .withTransport(TransportEnum.WEBSOCKETS).build();
    connection.on("Message", (kind, text) -> inbox.add(kind + ":" + text),
        String.class, String.class);
    connection.start().blockingAwait(10, TimeUnit.SECONDS);
    clients.add(connection);
    return connection;
  }

  @Test
  void reachesTheRecipientsOfOtherProtocolsOnEveryNode() throws Exception {
    BlockingQueue<String> a = new LinkedBlockingQueue<>();
    BlockingQueue<String> b = new LinkedBlockingQueue<>();
    HubConnection onA = jsonClient(0, a);
    jsonClient(1, b);
    RawLongPolling raw = new RawLongPolling(nodes.stream().map(SignetServer::port).toList());
    String strictOnB = raw.negotiate(1);
    assertThat(raw.get(1, strictOnB).statusCode()).isEqualTo(200); // the first poll claims it
    assertThat(raw.post(1, strictOnB, "{\"protocol\":\"strict\",\"version\":1}"
        + RawLongPolling.RS).statusCode()).isEqualTo(200);
    assertThat(raw.get(1, strictOnB).body()).isEqualTo("{}" + RawLongPolling.RS);

    // Node 0 has no connection speaking strict; node 1 has one beside a JSON one.
    onA.invoke("ToAll", UNWRITABLE).blockingAwait(10, TimeUnit.SECONDS);
    assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("all:" + UNWRITABLE);
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("all:" + UNWRITABLE);

    onA.invoke("ToAll", "writable").blockingAwait(10, TimeUnit.SECONDS);
    assertThat(a.poll(10, TimeUnit.SECONDS)).isEqualTo("all:writable");
    assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo("all:writable");
    HttpResponse<String> poll = raw.get(1, strictOnB);
    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(poll.body()).as("what the strict connection got")
        .isEqualTo("{\"type\":1,\"target\":\"Message\",\"arguments\":[\"all\",\"writable\"]}"
            + RawLongPolling.RS);
  }

  /** JSON under the name "strict", which refuses to write an invocation carrying UNWRITABLE. */
  private static final class StrictJson implements HubProtocol {
    private final JsonHubProtocol json = new JsonHubProtocol();

    @Override
    public String name() {
      return "strict";
    }

    @Override
    public int version() {
      return json.version();
    }

    @Override
    public TransferFormat transferFormat() {
      return json.transferFormat();
    }

    @Override
    public void parseMessages(ByteBuffer input, MessageLimits limits, List<HubMessage> out)
        throws InvalidMessageException {
      json.parseMessages(input, limits, out);
    }

    @Override
    public byte[] writeMessage(HubMessage message) {
      if (message instanceof InvocationMessage invocation
          && invocation.arguments().contains(UNWRITABLE)) {
        throw new IllegalArgumentException("strict cannot write " + UNWRITABLE);
      }
      return json.writeMessage(message);
    }
  }
}
