package io.signet.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking test client that writes exactly the bytes a test asks for, well-formed or not, and
 * reads frames one by one. The read timeout only keeps a broken server from hanging the build.
 */
final class RawWebSocket implements AutoCloseable {
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  static final String UPGRADE = "GET /bench?id=raw HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
      + "Sec-WebSocket-Version: 13\r\n\r\n";
  static final byte[] HANDSHAKE = ascii("{\"protocol\":\"json\",\"version\":1}\u001e");

  /** A frame as read. */
  record Frame(int opcode, boolean fin, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** Connects; {@code receiveBuffer} above 0 fixes the socket's receive buffer. */
  RawWebSocket(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer); // before connecting, to fix the window
    }
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(60_000);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  RawWebSocket(int port) throws IOException {
    this(port, 0);
  }

  /** Upgrades and completes the JSON handshake. */
  static RawWebSocket connected(int port, int receiveBuffer) throws IOException {
    RawWebSocket client = new RawWebSocket(port, receiveBuffer);
    client.upgrade();
    client.send(0x81, HANDSHAKE, 0x5A17C3E9);
    assertThat(client.readFrame().text()).isEqualTo("{}\u001e");
    return client;
  }

  /** Sends the upgrade request and checks the 101 and its accept key. */
  void upgrade() throws IOException {
    write(ascii(UPGRADE));
    String head = readHead();
    assertThat(head).startsWith("HTTP/1.1 101 ")
        .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends one frame whose first byte is {@code first} (FIN, opcode), masked with {@code mask}. */
  void send(int first, byte[] payload, int mask) throws IOException {
    write(frame(first, payload, mask));
  }

  /** A client frame: first byte, masked length, mask key, masked payload. */
  static byte[] frame(int first, byte[] payload, int mask) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    byte[] frame = new byte[header + 4 + length];
    frame[0] = (byte) first;
    if (length < 126) {
      frame[1] = (byte) (0x80 | length);
    } else if (length < 65536) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    for (int i = 0; i < 4; i++) {
      frame[header + i] = (byte) (mask >>> (24 - 8 * i));
    }
    for (int i = 0; i < length; i++) {
      frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
    }
    return frame;
  }

  /** Reads an HTTP response head, without its blank line. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      head.write(in.readUnsignedByte());
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text.substring(0, text.length() - 2);
      }
    }
  }

  /** Reads exactly {@code length} bytes. */
  byte[] readBytes(int length) throws IOException {
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** Reads one server frame, which must be unmasked. */
  Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
  }

  /** Whether the server closed the connection: the next read ends it, with FIN or reset. */
  boolean atEnd() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true; // reset: the server closed with bytes of ours unread
    }
  }

  /** Reads frames until the server ends the connection, and returns them. */
  List<Frame> readToEnd() throws IOException {
    List<Frame> frames = new ArrayList<>();
    try {
      while (true) {
        frames.add(readFrame());
      }
    } catch (EOFException | SocketException e) {
      return frames;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
