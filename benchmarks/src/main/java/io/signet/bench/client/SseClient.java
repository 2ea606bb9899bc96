package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * The Server-Sent Events transport: an event stream on the negotiate connection (chunked, or
 * until the server closes), whose {@code data:} lines hold whole records, and POSTs for the
 * client's messages.
 */
final class SseClient extends SignalRClient {
  private HttpSender sender;
  private Http.Head head;
  private ByteBuffer partialLine; // a line split between two chunks; rare

  SseClient(EventLoop loop, Target target, ClientListener listener, int index) {
    super(loop, target, Protocol.JSON, listener, index);
  }

  @Override
  protected void openTransport() {
    main.write(Http.request("GET", connectTarget(), target.host(),
        "Accept: text/event-stream\r\n", null));
  }

  @Override
  protected void onTransportData(ByteBuffer data) {
    if (head == null) {
      head = Http.parseHead(data);
      if (head == null) {
        return;
      }
      if (head.status() != 200) {
        fail("event stream answered " + head.status());
        return;
      }
      sender = new HttpSender(this, connectTarget(), target.host());
      sender.open();
      sendHandshake();
    }
    if (!head.chunked()) {
      content(data, data.position(), data.limit());
      data.position(data.limit());
      return;
    }
    long chunk;
    while (!ended() && (chunk = Http.nextChunk(data)) >= 0) {
      int start = (int) (chunk >>> 32);
      if ((int) chunk == 0) {
        fail("the server ended the event stream");
        return;
      }
      content(data, start, start + (int) chunk);
    }
  }

  /** Event-stream text: lines, of which {@code data:} lines carry records. */
  private void content(ByteBuffer data, int start, int end) {
    int lineStart = start;
    for (int i = start; i < end; i++) {
      if (data.get(i) != '\n') {
        continue;
      }
      if (partialLine != null) {
        appendPartial(data, lineStart, i);
        ByteBuffer line = partialLine.flip();
        partialLine = null;
        line(line, 0, line.limit());
      } else {
        line(data, lineStart, i);
      }
      lineStart = i + 1;
    }
    if (lineStart < end) {
      appendPartial(data, lineStart, end);
    }
  }

  private void line(ByteBuffer data, int start, int end) {
    if (end > start && data.get(end - 1) == '\r') {
      end--;
    }
    if (end - start >= 5 && data.get(start) == 'd' && data.get(start + 4) == ':') {
      int from = start + 5;
      if (from < end && data.get(from) == ' ') {
        from++;
      }
      records(data, from, end);
    }
  }

  private void appendPartial(ByteBuffer data, int start, int end) {
    int length = end - start;
    if (partialLine == null) {
      partialLine = ByteBuffer.allocate(Math.max(256, length * 2));
    } else if (partialLine.remaining() < length) {
      ByteBuffer grown = ByteBuffer.allocate((partialLine.position() + length) * 2);
      grown.put(partialLine.flip());
      partialLine = grown;
    }
    partialLine.put(partialLine.position(), data, start, length);
    partialLine.position(partialLine.position() + length);
  }

  @Override
  public void send(byte[] record) {
    if (isReady()) {
      sender.send(record);
    }
  }

  @Override
  protected void sendRaw(byte[] bytes) {
    sender.send(bytes);
  }

  @Override
  protected void closeChannels() {
    super.closeChannels();
    if (sender != null) {
      sender.close();
    }
  }
}
