package io.signet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket speaking SignalR JSON by hand on the JDK's client, which a test can
 * {@linkplain #cut cut}: the TCP connection closes without a close frame, as when a network
 * goes away. Pings are dropped; the server's Acks are kept apart from other messages.
 */
final class RawWebSocket {
  static final String RS = "\u001e";
  private static final HttpClient http = HttpClient.newHttpClient();

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
  private WebSocket socket;

  private RawWebSocket() {}

  /**
   * Opens {@code url}; returns the status of a refused upgrade, or {@code 101} with the open
   * socket in {@code opened}.
   */
  static int open(String url, RawWebSocket[] opened) throws InterruptedException {
    RawWebSocket client = new RawWebSocket();
    try {
      client.socket = http.newWebSocketBuilder()
          .buildAsync(URI.create(url.replace("http:", "ws:")), client.listener())
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw new AssertionError("The upgrade failed", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("No answer to the upgrade within 30 s", e);
    }
    opened[0] = client;
    return 101;
  }

  /** Opens {@code url}, which must upgrade. */
  static RawWebSocket connect(String url) throws InterruptedException {
    RawWebSocket[] opened = new RawWebSocket[1];
    assertThat(open(url, opened)).as("the upgrade's status").isEqualTo(101);
    return opened[0];
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          for (String message : partial.toString().split(RS)) {
            if (message.startsWith("{\"type\":8,")) {
              acks.add(message);
            } else if (!message.isEmpty() && !message.equals("{\"type\":6}")) {
              messages.add(message);
            }
          }
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  /** Sends one hub message with its record separator. */
  void send(String json) {
    socket.sendText(json + RS, true).join();
  }

  /** The next message other than a ping or an Ack, waiting up to 30 s. */
  String next() throws InterruptedException {
    String message = messages.poll(30, TimeUnit.SECONDS);
    assertThat(message).as("a message from the server within 30 s").isNotNull();
    return message;
  }

  /** Waits up to 30 s for the server to acknowledge {@code sequenceId}, skipping earlier Acks. */
  void awaitAck(long sequenceId) throws InterruptedException {
    String expected = "{\"type\":8,\"sequenceId\":" + sequenceId + "}";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String ack;
    do {
      ack = acks.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(ack).as("an Ack of " + sequenceId + " within 30 s").isNotNull();
    } while (!ack.equals(expected));
  }

  /** Closes the TCP connection at once, without a close frame. */
  void cut() {
    socket.abort();
  }

  /** Says goodbye as a client that stops: a Close message, then a close frame. */
  void leave() {
    send("{\"type\":7}");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }
}
