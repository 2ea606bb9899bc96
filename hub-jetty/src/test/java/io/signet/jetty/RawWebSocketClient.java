package io.signet.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client speaking raw SignalR JSON (or sending raw MessagePack) through the JDK's
 * {@link WebSocket}, for tests that send what the official clients never would.
 */
final class RawWebSocketClient implements WebSocket.Listener {
  static final String RS = "\u001e";

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final BlockingQueue<byte[]> binaryMessages = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  /** The payloads of the pongs received, in order. */
  final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
  WebSocket socket;

  static RawWebSocketClient connect(String url) throws Exception {
    return connect(url, Map.of());
  }

  /** Connects with extra headers on the upgrade request. */
  static RawWebSocketClient connect(String url, Map<String, String> headers) throws Exception {
    return connect(url, headers, HttpClient.newHttpClient());
  }

  /** Connects through {@code http}, for example one that trusts a test's certificate. */
  static RawWebSocketClient connect(String url, Map<String, String> headers, HttpClient http)
      throws Exception {
    RawWebSocketClient client = new RawWebSocketClient();
    WebSocket.Builder builder = http.newWebSocketBuilder();
    headers.forEach(builder::header);
    client.socket = builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
    return client;
  }

  /** Connects and completes the JSON handshake. */
  static RawWebSocketClient handshaken(String url) throws Exception {
    return handshaken(url, Map.of());
  }

  /** Connects with extra headers on the upgrade request and completes the JSON handshake. */
  static RawWebSocketClient handshaken(String url, Map<String, String> headers)
      throws Exception {
    RawWebSocketClient client = connect(url, headers);
    client.sendText("{\"protocol\":\"json\",\"version\":1}" + RS);
    assertThat(client.next()).isEqualTo("{}");
    return client;
  }

  void sendText(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  void sendBinary(String text) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true)
        .get(5, TimeUnit.SECONDS);
  }

  /** The next hub message (without separator), ignoring pings, waiting up to 5 s. */
  String next() throws InterruptedException {
    while (true) {
      String message = messages.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("a message from the server within 5 s").isNotNull();
      if (!message.equals("{\"type\":6}")) {
        return message;
      }
    }
  }

  /** The next binary WebSocket message, whole, waiting up to 5 s. */
  byte[] nextBinary() throws InterruptedException {
    byte[] message = binaryMessages.poll(5, TimeUnit.SECONDS);
    assertThat(message).as("a binary message from the server within 5 s").isNotNull();
    return message;
  }

  /**
   * The answer to the handshake of a binary protocol, without its separator, waiting up to 5 s:
   * in a text message, or in a binary one if the server has switched to binary messages by then.
   */
  String nextHandshakeAnswer() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      String text = messages.poll(10, TimeUnit.MILLISECONDS);
      if (text != null) {
        return text;
      }
      byte[] binary = binaryMessages.poll(10, TimeUnit.MILLISECONDS);
      if (binary != null) {
        String answer = new String(binary, StandardCharsets.UTF_8);
        assertThat(answer).endsWith(RS);
        return answer.substring(0, answer.length() - RS.length());
      }
    }
    throw new AssertionError("no handshake answer within 5 s");
  }

  /** The close status the server sent, waiting up to 5 s. */
  int awaitClose() throws Exception {
    return closeCode.get(5, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String frame = partial.toString();
      partial.setLength(0);
      assertThat(frame).as("each WebSocket message holds whole records").endsWith(RS);
      for (String message : frame.split(RS)) {
        messages.add(message);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    partialBinary.writeBytes(chunk);
    if (last) {
      binaryMessages.add(partialBinary.toByteArray());
      partialBinary.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    pongs.add(StandardCharsets.UTF_8.decode(message).toString());
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }
}
