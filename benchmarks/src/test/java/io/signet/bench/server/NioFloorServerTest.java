package io.signet.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.bench.client.ClientListener;
import io.signet.bench.client.EventLoop;
import io.signet.bench.client.Messages;
import io.signet.bench.client.Protocol;
import io.signet.bench.client.SignalRClient;
import io.signet.bench.client.Target;
import io.signet.bench.client.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nio floor in this JVM, driven by the load generator's own clients and by a raw client for
 * what the generator never sends: fragments, pings, closes, slow readers and hostile input.
 */
class NioFloorServerTest {
  private static final int CLIENTS = 50;
  private static final int SENDERS = 10;
  private static final int GROUPS = 5;

  private NioFloorServer server;

  @BeforeEach
  void start() throws Exception {
    server = NioFloorServer.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersEchoesBroadcastsAndGroupSendsOfGeneratorClientsIntact() throws Exception {
    try (Fleet fleet = new Fleet(server.port())) {
      fleet.connect(CLIENTS);
      assertThat(server.connectionCount()).isEqualTo(CLIENTS);

      // Echo: small, 16-bit and 64-bit frame lengths both ways, in order per client.
      int[] paddings = {0, 200, 70_000};
      fleet.exchange(CLIENTS * paddings.length, () -> {
        for (SignalRClient client : fleet.clients) {
          for (int n = 0; n < paddings.length; n++) {
            long id = client.index() * 10L + n;
            client.send(Messages.echo(id, id, paddings[n]));
          }
        }
      });
      for (SignalRClient client : fleet.clients) {
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < paddings.length; n++) {
          long id = client.index() * 10L + n;
          expected.add("{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":"
              + payload(id, paddings[n]) + "}");
        }
        assertThat(fleet.received(client)).containsExactlyElementsOf(expected);
      }

      fleet.exchange(CLIENTS, () -> fleet.clients.forEach(client -> client.send(
          Messages.membership(true, 1000 + client.index(), group(client.index())))));
      for (SignalRClient client : fleet.clients) {
        assertThat(fleet.received(client)).containsExactly(
            "{\"type\":3,\"invocationId\":\"" + (1000 + client.index()) + "\",\"result\":null}");
      }

      // Broadcast: every client gets every message, each sender's in the order sent.
      int perSender = 20;
      fleet.exchange(CLIENTS * SENDERS * perSender, () -> {
        for (int n = 0; n < perSender; n++) {
          for (int s = 0; s < SENDERS; s++) {
            fleet.clients.get(s).send(Messages.broadcast(stamp(s, n), 300));
          }
        }
      });
      for (SignalRClient client : fleet.clients) {
        for (int s = 0; s < SENDERS; s++) {
          List<String> expected = new ArrayList<>();
          for (int n = 0; n < perSender; n++) {
            expected.add(receive(stamp(s, n), 300));
          }
          assertThat(fromSender(fleet.received(client), s)).containsExactlyElementsOf(expected);
        }
        assertThat(fleet.received(client)).hasSize(SENDERS * perSender);
      }

      // Group send: message n goes to group n % GROUPS, whose members are a fifth of clients.
      int groupMessages = 10;
      fleet.exchange(CLIENTS / GROUPS * SENDERS * groupMessages, () -> {
        for (int n = 0; n < groupMessages; n++) {
          for (int s = 0; s < SENDERS; s++) {
            fleet.clients.get(s).send(Messages.groupSend(group(n), stamp(s, n), 40));
          }
        }
      });
      for (SignalRClient client : fleet.clients) {
        for (int s = 0; s < SENDERS; s++) {
          List<String> expected = new ArrayList<>();
          for (int n = 0; n < groupMessages; n++) {
            if (group(n).equals(group(client.index()))) {
              expected.add(receive(stamp(s, n), 40));
            }
          }
          assertThat(fromSender(fleet.received(client), s)).containsExactlyElementsOf(expected);
        }
      }

      // After leaving, a group send reaches nobody: the broadcast behind it arrives alone.
      fleet.exchange(CLIENTS, () -> fleet.clients.forEach(client -> client.send(
          Messages.membership(false, 2000 + client.index(), group(client.index())))));
      fleet.exchange(CLIENTS, () -> {
        fleet.clients.get(0).send(Messages.groupSend(group(0), stamp(0, 98), 0));
        fleet.clients.get(0).send(Messages.broadcast(stamp(0, 99), 0));
      });
      for (SignalRClient client : fleet.clients) {
        assertThat(fleet.received(client)).containsExactly(receive(stamp(0, 99), 0));
      }
    }
    awaitConnections(0);
  }

  @Test
  void negotiatesAndUpgradesOnOneConnection() throws Exception {
    try (RawWebSocket client = new RawWebSocket(server.port())) {
      client.write(RawWebSocket.ascii("POST /bench/negotiate?negotiateVersion=1 HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"));
      String head = client.readHead();
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
      int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
      String body = new String(client.readBytes(length), StandardCharsets.US_ASCII);
      assertThat(body).startsWith("{\"negotiateVersion\":1,\"connectionId\":\"")
          .contains("\"connectionToken\":\"")
          .endsWith("\"availableTransports\":[{\"transport\":\"WebSockets\","
              + "\"transferFormats\":[\"Text\",\"Binary\"]}]}");

      client.upgrade();
      client.send(0x81, RawWebSocket.HANDSHAKE, 0);
      assertThat(client.readFrame().text()).isEqualTo("{}\u001e");
    }
  }

  @Test
  void joinsFragmentsAndRecordsAcrossFramesAndAnswersPingsAndCloses() throws Exception {
    try (RawWebSocket client = new RawWebSocket(server.port())) {
      client.upgrade();
      // The handshake in two fragments with a ping between them, each with its own mask.
      client.send(0x01, ascii("{\"protocol\":\"json\","), 0x11223344);
      client.send(0x89, ascii("are you there"), 0xA1B2C3D4);
      RawWebSocket.Frame pong = client.readFrame();
      assertThat(pong.opcode()).isEqualTo(Rfc6455.OP_PONG);
      assertThat(pong.text()).isEqualTo("are you there");
      client.send(0x80, ascii("\"version\":1}\u001e"), 0x7F00FF01);
      assertThat(client.readFrame().text()).isEqualTo("{}\u001e");

      // An echo in three fragments, one of them empty.
      String echo = new String(Messages.echo(7, 7, 10), StandardCharsets.US_ASCII);
      client.send(0x01, ascii(echo.substring(0, 20)), 0x0BADF00D);
      client.send(0x00, new byte[0], 0x12345678);
      client.send(0x80, ascii(echo.substring(20)), 0xDEADBEEF);
      assertThat(client.readFrame().text()).isEqualTo(completion(7, 10) + "\u001e");

      // Two records in one frame, then a record that a second message ends.
      String two = new String(Messages.echo(8, 8, 0), StandardCharsets.US_ASCII)
          + new String(Messages.echo(9, 9, 0), StandardCharsets.US_ASCII);
      client.send(0x81, ascii(two + echo.substring(0, 30)), 0x01010101);
      client.send(0x81, ascii(echo.substring(30)), 0x02020202);
      assertThat(client.readFrame().text()).isEqualTo(completion(8, 0) + "\u001e");
      assertThat(client.readFrame().text()).isEqualTo(completion(9, 0) + "\u001e");
      assertThat(client.readFrame().text()).isEqualTo(completion(7, 10) + "\u001e");
      assertThat(server.connectionCount()).isEqualTo(1);

      client.send(0x88, new byte[] {0x03, (byte) 0xE8}, 0x55555555);
      RawWebSocket.Frame close = client.readFrame();
      assertThat(close.opcode()).isEqualTo(Rfc6455.OP_CLOSE);
      assertThat(close.payload()).containsExactly(0x03, 0xE8);
      assertThat(client.atEnd()).isTrue();
    }
    awaitConnections(0);
  }

  @Test
  void refusesBadRequestsAndCloses() throws Exception {
    String endless = "GET /bench?id=x HTTP/1.1\r\nX: " + "a".repeat(RequestHead.LIMIT);
    String badUpgrade = RawWebSocket.UPGRADE.replace("Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Version: 8");
    String[][] cases = {
        {"HELLO\r\n\r\n", "HTTP/1.1 400 "},
        {"GET /elsewhere HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 404 "},
        {"POST /bench/negotiate HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 400 "},
        {badUpgrade, "HTTP/1.1 400 "},
        {RawWebSocket.UPGRADE.replace("?id=raw", ""), "HTTP/1.1 400 "},
        // Exactly the limit, so that the server has read all of it when it refuses.
        {endless.substring(0, RequestHead.LIMIT), "HTTP/1.1 431 "},
    };
    for (String[] request : cases) {
      try (RawWebSocket client = new RawWebSocket(server.port())) {
        client.write(RawWebSocket.ascii(request[0]));
        assertThat(client.readHead()).as(request[0]).startsWith(request[1]);
        assertThat(client.atEnd()).as(request[0]).isTrue();
      }
    }
    assertServes();
  }

  @Test
  void closesOnHostileFramesAndRecords() throws Exception {
    byte[] tooLong = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) 0xFF)
        .putLong(1L << 40).putInt(0x01020304).array();
    byte[] unmasked = {(byte) 0x81, 0x02, '{', '}'};
    byte[] newMessageInsideFragments = concat(RawWebSocket.frame(0x01, ascii("{"), 1),
        RawWebSocket.frame(0x81, ascii("}"), 2));
    Object[][] cases = {
        {tooLong, Rfc6455.CLOSE_TOO_BIG},
        {unmasked, Rfc6455.CLOSE_PROTOCOL_ERROR},
        {newMessageInsideFragments, Rfc6455.CLOSE_PROTOCOL_ERROR},
        {RawWebSocket.frame(0x83, new byte[1], 3), Rfc6455.CLOSE_PROTOCOL_ERROR}, // opcode 3
    };
    for (Object[] hostile : cases) {
      try (RawWebSocket client = new RawWebSocket(server.port())) {
        client.upgrade();
        client.write((byte[]) hostile[0]);
        RawWebSocket.Frame close = client.readFrame();
        assertThat(close.opcode()).isEqualTo(Rfc6455.OP_CLOSE);
        int code = (int) hostile[1];
        assertThat(close.payload()).containsExactly(code >>> 8, code & 0xFF);
        assertThat(client.atEnd()).isTrue();
      }
    }

    // A record past the limit, in frames each within it.
    try (RawWebSocket client = RawWebSocket.connected(server.port(), 0)) {
      byte[] half = new byte[NioFloorPeer.MAX_MESSAGE / 2 + 1];
      client.send(0x01, half, 5);
      client.send(0x80, half, 6);
      assertThat(client.readFrame().payload()).containsExactly(0x03, 0xF1);
      assertThat(client.atEnd()).isTrue();
    }

    // Records the hub's scanning cannot make sense of end the connection, not the server.
    String[] records = {
        "{\"type\":1,\"target\":\"GroupSend\",\"arguments\":[}\u001e",
        "{\"type\":1,\"target\":\"Echo\",\"arguments\":[\"no id\"]}\u001e",
        "{\"type\":1,\"target\":\"Join\"}\u001e",
    };
    for (String record : records) {
      try (RawWebSocket client = RawWebSocket.connected(server.port(), 0)) {
        client.send(0x81, ascii(record), 0x10203040);
        assertThat(client.readToEnd()).as(record).isEmpty();
      }
    }

    try (RawWebSocket client = new RawWebSocket(server.port())) {
      client.upgrade();
      client.send(0x81, ascii("{\"protocol\":\"messagepack\",\"version\":1}\u001e"), 9);
      assertThat(client.readFrame().text()).startsWith("{\"error\":");
      assertThat(client.readFrame().opcode()).isEqualTo(Rfc6455.OP_CLOSE);
      assertThat(client.atEnd()).isTrue();
    }
    assertServes();
    awaitConnections(0);
  }

  @Test
  void queuesForASlowReaderAndDeliversEverythingInOrder() throws Exception {
    int messages = 300;
    int padding = 30_000; // 9 MB per recipient: far past what the sockets buffer
    try (RawWebSocket slow = RawWebSocket.connected(server.port(), 8192);
        RawWebSocket sender = RawWebSocket.connected(server.port(), 0)) {
      for (int n = 0; n < messages; n++) {
        sender.send(0x81, Messages.broadcast(n, padding), n * 0x01010101);
      }
      for (int n = 0; n < messages; n++) {
        assertThat(sender.readFrame().text()).isEqualTo(receive(n, padding) + "\u001e");
      }
      for (int n = 0; n < messages; n++) {
        assertThat(slow.readFrame().text()).isEqualTo(receive(n, padding) + "\u001e");
      }
      assertThat(server.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void dropsAReaderThatFallsPastTheOutboundLimit() throws Exception {
    server.close();
    server = NioFloorServer.start("127.0.0.1", 0, 1024 * 1024);
    int messages = 600;
    int padding = 30_000; // 18 MB: past the limit and whatever the sockets buffer
    try (RawWebSocket slow = RawWebSocket.connected(server.port(), 8192);
        RawWebSocket sender = RawWebSocket.connected(server.port(), 0)) {
      // Only the slow reader is in the group, so the sender has nothing to read meanwhile.
      slow.send(0x81, Messages.membership(true, 1, "slow"), 0x01234567);
      assertThat(slow.readFrame().text())
          .isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":null}\u001e");
      for (int n = 0; n < messages; n++) {
        sender.send(0x81, Messages.groupSend("slow", n, padding), 0x76543210);
      }

      List<RawWebSocket.Frame> before = slow.readToEnd();
      assertThat(before.size()).isBetween(1, messages - 1);
      for (int n = 0; n < before.size(); n++) {
        assertThat(before.get(n).text()).isEqualTo(receive(n, padding) + "\u001e");
      }
      sender.send(0x81, Messages.echo(2, 2, 0), 0x76543210);
      assertThat(sender.readFrame().text()).isEqualTo(completion(2, 0) + "\u001e");
      assertThat(server.connectionCount()).isEqualTo(1);
    }
  }

  /** A fresh client still gets its echo. */
  private void assertServes() throws Exception {
    try (RawWebSocket client = RawWebSocket.connected(server.port(), 0)) {
      client.send(0x81, Messages.echo(42, 42, 3), 0x0F0F0F0F);
      assertThat(client.readFrame().text()).isEqualTo(completion(42, 3) + "\u001e");
    }
  }

  /** Waits for the server to see clients go: nothing tells a test when it has, so this polls. */
  private void awaitConnections(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.connectionCount() != count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.connectionCount()).isEqualTo(count);
  }

  private static String group(int n) {
    return "g" + n % GROUPS;
  }

  private static long stamp(int sender, int n) {
    return sender * 1000L + n;
  }

  /** The records whose stamp says {@code sender} sent them, in the order received. */
  private static List<String> fromSender(List<String> records, int sender) {
    return records.stream()
        .filter(record -> {
          int at = record.indexOf("[\"T") + 3;
          long stamp = Long.parseLong(record.substring(at, record.indexOf('|', at)));
          return stamp / 1000 == sender;
        })
        .toList();
  }

  private static String payload(long stamp, int padding) {
    return "\"T" + stamp + "|" + "x".repeat(padding) + "\"";
  }

  private static String receive(long stamp, int padding) {
    return "{\"type\":1,\"target\":\"Receive\",\"arguments\":[" + payload(stamp, padding) + "]}";
  }

  private static String completion(long id, int padding) {
    return "{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":" + payload(id, padding) + "}";
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
  }

  /**
   * Generator clients on one event loop of their own, keeping every message each receives as
   * text. Exchanges run one at a time: each clears what was received, sends, and waits until the
   * number of messages it expects has arrived.
   */
  private static final class Fleet implements ClientListener, AutoCloseable {
    final EventLoop loop = new EventLoop("nio-floor-test-generator");
    final List<SignalRClient> clients = new ArrayList<>();
    private final Target target;
    // Loop thread only.
    private final List<List<String>> received = new ArrayList<>();
    private CompletableFuture<Void> ready = new CompletableFuture<>();
    private int readyCount;
    private CompletableFuture<Void> arrived = new CompletableFuture<>();
    private long owed;

    Fleet(int port) {
      this.target = Target.loopback(port, "/bench", 0);
    }

    void connect(int count) throws Exception {
      await(onLoop(() -> {
        for (int i = 0; i < count; i++) {
          SignalRClient client = SignalRClient.create(Transport.WEBSOCKETS, Protocol.JSON, loop,
              target, this, i);
          clients.add(client);
          received.add(new ArrayList<>());
          client.start();
        }
        return ready;
      }));
    }

    void exchange(long expected, Runnable sends) throws Exception {
      await(onLoop(() -> {
        received.forEach(List::clear);
        owed = expected;
        arrived = new CompletableFuture<>();
        sends.run();
        return arrived;
      }));
    }

    /** What {@code client} received in the last exchange. */
    List<String> received(SignalRClient client) throws Exception {
      return onLoop(() -> List.copyOf(received.get(client.index()))).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void onReady(SignalRClient client) {
      if (++readyCount == clients.size()) {
        ready.complete(null);
      }
    }

    @Override
    public void onRecord(SignalRClient client, ByteBuffer data, int start, int end) {
      byte[] bytes = new byte[end - start];
      data.get(start, bytes);
      received.get(client.index()).add(new String(bytes, StandardCharsets.UTF_8));
      if (--owed == 0) {
        arrived.complete(null);
      }
    }

    @Override
    public void onFailed(SignalRClient client, String reason) {
      IllegalStateException failure =
          new IllegalStateException("client " + client.index() + ": " + reason);
      ready.completeExceptionally(failure);
      arrived.completeExceptionally(failure);
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> task) {
      return loop.call(task);
    }

    private static void await(CompletableFuture<CompletableFuture<Void>> outer)
        throws Exception {
      outer.get(30, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      onLoop(() -> {
        clients.forEach(SignalRClient::close);
        return null;
      }).get(30, TimeUnit.SECONDS);
      loop.close();
    }
  }
}
