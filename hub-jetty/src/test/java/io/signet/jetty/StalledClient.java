package io.signet.jetty;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client on a plain socket with a tiny receive window: it completes the WebSocket or
 * event-stream opening and the SignalR handshake, then never reads again, so the server's writes
 * to it stall once the kernel buffers are full, as with a client that hangs or an attacker.
 */
final class StalledClient implements AutoCloseable {
  private static final String RS = "\u001e";
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private StalledClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  private static StalledClient open(int port) throws IOException {
    Socket socket = new Socket();
    // Set before connecting, so that the window the client advertises stays this small.
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(5000);
    return new StalledClient(socket);
  }

  /** Upgrades {@code pathAndQuery} to a WebSocket and completes the JSON hub handshake. */
  static StalledClient webSocket(int port, String pathAndQuery) throws IOException {
    StalledClient client = open(port);
    client.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(UTF_8));
    assertThat(client.readHead()).startsWith("HTTP/1.1 101");
    client.out.write(maskedTextFrame(HANDSHAKE));
    assertThat(client.readTextFrame()).isEqualTo("{}" + RS);
    return client;
  }

  /**
   * Opens the event stream of {@code pathAndQuery}, then has {@code handshake} post the hub
   * handshake (the stream must be open first) and reads until its answer arrives.
   */
  static StalledClient eventStream(int port, String pathAndQuery, Runnable handshake)
      throws IOException {
    StalledClient client = open(port);
    client.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Accept: text/event-stream\r\n\r\n").getBytes(UTF_8));
    assertThat(client.readHead()).startsWith("HTTP/1.1 200");
    handshake.run();
    client.readUntil("data: {}" + RS);
    return client;
  }

  /** Sends a long-polling request for {@code pathAndQuery} and never reads its answer. */
  static StalledClient poll(int port, String pathAndQuery) throws IOException {
    StalledClient client = open(port);
    client.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(UTF_8));
    client.out.flush();
    return client;
  }

  /** This client's port, which the server sees as the remote port of its socket. */
  int localPort() {
    return socket.getLocalPort();
  }

  /**
   * Reads from now on, until the server's end of the socket shows: end of stream or a reset.
   * Fails if the socket is still open after {@code within}.
   */
  void awaitEnd(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    socket.setSoTimeout(200);
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      assertThat(System.nanoTime()).as("the server ended the socket").isLessThan(deadline);
      try {
        if (in.read(buffer) < 0) {
          return;
        }
      } catch (SocketTimeoutException stillOpen) {
        // nothing arrived within the poll interval; the deadline decides
      } catch (SocketException reset) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String readHead() throws IOException {
    return readUntil("\r\n\r\n");
  }

  /** Reads byte by byte up to and including {@code end}, so nothing after it is taken. */
  private String readUntil(String end) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    while (!read.toString(UTF_8).endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("The server ended before " + end.strip() + ": " + read);
      }
      read.write(b);
    }
    return read.toString(UTF_8);
  }

  private String readTextFrame() throws IOException {
    int opcode = in.read() & 0x0F;
    assertThat(opcode).as("a text frame").isEqualTo(1);
    long length = in.read() & 0x7F;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | in.read();
      }
    }
    return new String(in.readNBytes((int) length), UTF_8);
  }

  private static byte[] maskedTextFrame(String text) {
    byte[] payload = text.getBytes(UTF_8);
    assertThat(payload.length).isLessThan(126);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81; // FIN, text
    frame[1] = (byte) (0x80 | payload.length); // masked, as every client frame must be
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }
}
