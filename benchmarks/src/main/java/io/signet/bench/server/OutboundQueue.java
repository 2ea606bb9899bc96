package io.signet.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * The frames waiting for one socket that stopped taking them: views of frames that other
 * recipients share (each view has its own position; the bytes are only read), flushed with
 * gathering writes. Holds no array while empty, so an idle connection costs nothing here.
 * Confined to the server's thread.
 */
final class OutboundQueue {
  /** At most this many buffers per write: Linux's IOV_MAX. */
  private static final int MAX_GATHER = 1024;
  private static final ByteBuffer[] NONE = new ByteBuffer[0];

  private ByteBuffer[] views = NONE;
  private int head;
  private int tail;
  private long bytes;

  boolean isEmpty() {
    return head == tail;
  }

  /** The bytes waiting. */
  long bytes() {
    return bytes;
  }

  /** Appends a view, which the queue now owns. */
  void add(ByteBuffer view) {
    if (tail == views.length) {
      if (head > 0) {
        System.arraycopy(views, head, views, 0, tail - head);
        Arrays.fill(views, tail - head, tail, null);
      } else {
        views = Arrays.copyOf(views, Math.max(16, views.length * 2));
      }
      tail -= head;
      head = 0;
    }
    views[tail++] = view;
    bytes += view.remaining();
  }

  /**
   * Writes as much as the socket takes.
   *
   * @return whether the queue is empty now
   */
  boolean flush(GatheringByteChannel socket) throws IOException {
    while (head < tail) {
      int offered = Math.min(tail - head, MAX_GATHER);
      boolean all = offered == tail - head;
      long written = socket.write(views, head, offered);
      bytes -= written;
      while (head < tail && !views[head].hasRemaining()) {
        views[head++] = null;
      }
      if (head < tail && (all || written == 0)) {
        return false; // the socket took less than it was offered: it is full
      }
    }
    views = NONE;
    head = 0;
    tail = 0;
    return true;
  }

  /** Drops everything. */
  void clear() {
    views = NONE;
    head = 0;
    tail = 0;
    bytes = 0;
  }
}
