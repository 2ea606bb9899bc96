package io.signet.jetty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client on a plain socket that can be as slow as an attacker: send nothing, or send a
 * request's headers, or its body, one byte at a time, for ever.
 */
final class SlowSocket implements AutoCloseable {
  /** Longer than any timeout the tests set; a socket still open by then has not been closed. */
  private static final int READ_TIMEOUT_MILLIS = 20_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private ScheduledExecutorService dribbler; // while dribbling

  private SlowSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static SlowSocket open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    return new SlowSocket(socket);
  }

  /** Sends a whole {@code GET path} and returns the response's status line and headers. */
  String get(String path) throws IOException {
    return getWithBody(path)[0];
  }

  /**
   * Sends a whole {@code GET path} and returns the response's status line and headers, then its
   * body. Unlike the JDK's client, never sends the request again if the server closes the
   * connection.
   */
  String[] getWithBody(String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(US_ASCII));
    out.flush();
    String head = readHead();
    return new String[] {head, readBody(head)};
  }

  /** Sends the start of a request, then one more header byte every {@code periodMillis}. */
  void dribble(long periodMillis) throws IOException {
    out.write("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(US_ASCII));
    out.flush();
    dribbleBytes(periodMillis);
  }

  /**
   * Sends the complete headers of {@code POST pathAndQuery} with a body of
   * {@code contentLength} bytes, then the body one byte every {@code periodMillis}.
   */
  void dribbleBody(String pathAndQuery, int contentLength, long periodMillis) throws IOException {
    out.write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(US_ASCII));
    out.flush();
    dribbleBytes(periodMillis);
  }

  /**
   * Sends the headers of {@code POST pathAndQuery} and its body of {@code contentLength} bytes
   * in pieces of {@code pieceSize} every {@code periodMillis}, then returns the response's status
   * line and headers, then its body.
   */
  String[] postInPieces(String pathAndQuery, int contentLength, int pieceSize, long periodMillis)
      throws IOException, InterruptedException {
    out.write(("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(US_ASCII));
    out.flush();
    long next = System.nanoTime();
    for (int sent = 0; sent < contentLength; sent += pieceSize) {
      // The pace of the client, not a wait for the server.
      long pause = next - System.nanoTime();
      if (pause > 0) {
        TimeUnit.NANOSECONDS.sleep(pause);
      }
      next += TimeUnit.MILLISECONDS.toNanos(periodMillis);
      out.write(new byte[Math.min(pieceSize, contentLength - sent)]);
      out.flush();
    }
    String head = readHead();
    return new String[] {head, readBody(head)};
  }

  private void dribbleBytes(long periodMillis) {
    dribbler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "slow-socket-" + socket.getLocalPort());
      thread.setDaemon(true);
      return thread;
    });
    dribbler.scheduleAtFixedRate(() -> {
      try {
        out.write('x');
        out.flush();
      } catch (IOException e) {
        dribbler.shutdown(); // closed by the server: what the test waits for
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for the server to close the socket, reading whatever it sends first.
   *
   * @return whether it closed it within {@link #READ_TIMEOUT_MILLIS}
   */
  boolean awaitClosedByServer() throws IOException {
    return awaitClosedByServer(READ_TIMEOUT_MILLIS);
  }

  /** {@link #awaitClosedByServer()}, waiting at most {@code millis} for each read. */
  boolean awaitClosedByServer(int millis) throws IOException {
    socket.setSoTimeout(millis);
    byte[] buffer = new byte[1024];
    try {
      while (in.read(buffer) >= 0) {
        // Whatever the server answers before closing does not matter here.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: closed with unread bytes, also closed
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.toString(US_ASCII));
      }
      head.write(b);
    }
    return head.toString(US_ASCII);
  }

  private String readBody(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return new String(in.readNBytes(Integer.parseInt(line.substring(15).trim())), UTF_8);
      }
    }
    if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      throw new IOException("a response without Content-Length or chunks: " + head);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = chunkSize(); size > 0; size = chunkSize()) {
      body.write(in.readNBytes(size));
      readLine(); // the chunk's CRLF
    }
    readLine(); // the empty trailer
    return body.toString(UTF_8);
  }

  private int chunkSize() throws IOException {
    return Integer.parseInt(readLine().split(";", 2)[0].trim(), 16);
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("closed in a chunked body");
      }
      line.write(b);
    }
    return line.toString(US_ASCII).strip();
  }

  @Override
  public void close() throws IOException {
    if (dribbler != null) {
      dribbler.shutdownNow();
    }
    socket.close();
  }
}
