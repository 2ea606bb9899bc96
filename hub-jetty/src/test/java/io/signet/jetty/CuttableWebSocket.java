package io.signet.jetty;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket, speaking SignalR JSON by hand, that can {@linkplain #cut
 * cut} its TCP connection with a reset: no close frame and no FIN, as when a network goes away.
 * A reader thread splits what the server sends into hub messages.
 */
final class CuttableWebSocket implements AutoCloseable {
  static final String RS = "\u001e";
  private static final String PING = "{\"type\":6}";
  private static final String ACK = "{\"type\":8,";

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
  /** The server's close status, or -1 when the socket ended without a close frame. */
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private CuttableWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Sends the upgrade request for {@code pathAndQuery}; returns the status code of the answer
   * and, on {@code 101}, the open client (else {@code null}, the socket closed).
   */
  static Upgrade open(int port, String pathAndQuery) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(30_000);
    CuttableWebSocket client = new CuttableWebSocket(socket);
    client.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(UTF_8));
    String head = client.readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    if (status != 101) {
      socket.close();
      return new Upgrade(status, null);
    }
    socket.setSoTimeout(0); // the reader waits as long as the connection lives
    Thread reader = new Thread(client::read, "cuttable-websocket-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
    return new Upgrade(status, client);
  }

  /** The answer to an upgrade request. */
  record Upgrade(int status, CuttableWebSocket client) {}

  /** Opens {@code pathAndQuery}, which must upgrade. */
  static CuttableWebSocket connect(int port, String pathAndQuery) throws IOException {
    Upgrade upgrade = open(port, pathAndQuery);
    assertThat(upgrade.status()).as("the upgrade's status").isEqualTo(101);
    return upgrade.client();
  }

  /** Sends one hub message, with its record separator, in one masked text frame. */
  void send(String json) throws IOException {
    byte[] payload = (json + RS).getBytes(UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x81); // FIN, text
    if (payload.length < 126) {
      frame.write(0x80 | payload.length); // masked, as every client frame must be
    } else {
      assertThat(payload.length).isLessThan(65536);
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    }
    byte[] mask = {0x37, 0x5a, 0x11, 0x42};
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    synchronized (out) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  /**
   * The next hub message (without its separator), waiting up to 30 s; pings are skipped, and
   * acknowledgements, which the server sends on its own timer, are set aside for
   * {@link #awaitAck}.
   */
  String next() throws InterruptedException {
    String message = messages.poll(30, TimeUnit.SECONDS);
    assertThat(message).as("a message from the server within 30 s").isNotNull();
    return message;
  }

  /**
   * Waits up to 30 s for the server to acknowledge {@code sequenceId}, skipping earlier
   * acknowledgements (it acknowledges on its own timer, whatever arrived by then).
   */
  void awaitAck(long sequenceId) throws InterruptedException {
    String expected = "{\"type\":8,\"sequenceId\":" + sequenceId + "}";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String ack = acks.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(ack).as("an Ack of " + sequenceId + " from the server within 30 s").isNotNull();
      if (ack.equals(expected)) {
        return;
      }
    }
  }

  /** Resets the TCP connection: the server sees neither a close frame nor a FIN. */
  void cut() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /** Sends a close frame with {@code status}, as a client that stops cleanly does. */
  void sendClose(int status) throws IOException {
    byte[] mask = {0x01, 0x02, 0x03, 0x04};
    byte[] frame = {(byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
        (byte) ((status >>> 8) ^ mask[0]), (byte) ((status & 0xFF) ^ mask[1])};
    synchronized (out) {
      out.write(frame);
      out.flush();
    }
  }

  /** The server's close status, or -1 if the socket ended without one; waits up to 30 s. */
  int awaitClosed() throws Exception {
    return closed.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void read() {
    StringBuilder text = new StringBuilder();
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int opcode = first & 0x0F;
        byte[] payload = readPayload();
        if (opcode == 8) {
          closed.complete(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)
              : 1005);
          return;
        }
        if (opcode == 1 || opcode == 0) {
          text.append(new String(payload, UTF_8));
          if ((first & 0x80) != 0) {
            String message = text.toString();
            text.setLength(0);
            assertThat(message).as("each WebSocket message holds whole records").endsWith(RS);
            for (String record : message.split(RS)) {
              if (record.startsWith(ACK)) {
                acks.add(record);
              } else if (!record.equals(PING)) {
                messages.add(record);
              }
            }
          }
        }
      }
    } catch (IOException | RuntimeException | AssertionError e) {
      closed.complete(-1);
    }
  }

  private byte[] readPayload() throws IOException {
    long length = in.readUnsignedByte() & 0x7F; // server frames are never masked
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(UTF_8).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed after " + head.toString(UTF_8));
      }
      head.write(b);
    }
    return head.toString(UTF_8);
  }
}
