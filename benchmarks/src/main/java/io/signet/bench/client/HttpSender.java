package io.signet.bench.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The client-to-server half of SSE and long polling: POSTs on a connection of their own, one at a
 * time, each carrying everything queued while the previous one was in flight (what the official
 * JavaScript client's send queue does).
 */
final class HttpSender implements TcpChannel.Handler {
  private final SignalRClient client;
  private final String requestTarget;
  private final String host;
  private final ResponseReader reader = new ResponseReader();
  private final ByteArrayOutputStream outbox = new ByteArrayOutputStream(256);
  private TcpChannel channel;
  private boolean connected;
  private boolean inFlight;

  HttpSender(SignalRClient client, String requestTarget, String host) {
    this.client = client;
    this.requestTarget = requestTarget;
    this.host = host;
  }

  /** Starts connecting; a broken connection or a refused POST fails the client. */
  void open() {
    channel = client.open(this);
  }

  /** Queues bytes; they go out with the next POST. */
  void send(byte[] bytes) {
    outbox.write(bytes, 0, bytes.length);
    if (connected && !inFlight) {
      post();
    }
  }

  void close() {
    if (channel != null) {
      channel.close(true);
    }
  }

  private void post() {
    byte[] body = outbox.toByteArray();
    outbox.reset();
    inFlight = true;
    channel.write(Http.request("POST", requestTarget, host, "", body));
  }

  @Override
  public void onConnected(TcpChannel opened) {
    connected = true;
    if (outbox.size() > 0) {
      post();
    }
  }

  @Override
  public void onData(TcpChannel opened, ByteBuffer data) {
    while (reader.read(data)) {
      if (reader.status() != 200) {
        client.fail("POST answered " + reader.status());
        return;
      }
      inFlight = false;
      if (outbox.size() > 0) {
        post();
      }
    }
  }

  @Override
  public void onClosed(TcpChannel closed, IOException cause) {
    client.fail("POST connection: " + (cause == null ? "closed" : cause.getMessage()));
  }
}
