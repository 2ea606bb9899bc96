package io.signet.bench.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A floor client on SSE or long polling: the server-to-client half on the Servlet async API with
 * plain blocking writes, the simplest correct use of it. Thread-safe.
 */
abstract class FloorHttpPeer implements FloorPeer {
  /** Below Jetty's 30 s idle timeout, so a quiet poll is answered before the connection dies. */
  static final long POLL_TIMEOUT_MILLIS = 20_000;

  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  final FloorHub hub;
  private volatile boolean handshaken;

  FloorHttpPeer(FloorHub hub) {
    this.hub = hub;
  }

  @Override
  public Set<String> groups() {
    return groups;
  }

  /** The records of one POST body, in order; the very first record is the handshake. */
  final void received(java.nio.ByteBuffer body) {
    int start = 0;
    for (int i = 0; i < body.limit(); i++) {
      if (body.get(i) != 0x1E) {
        continue;
      }
      if (handshaken) {
        hub.handle(this, body, start, i);
      } else {
        handshaken = true;
        deliver(FloorHub.HANDSHAKE_OK);
        hub.connected(this);
      }
      start = i + 1;
    }
  }

  /** Server-Sent Events: one open response, one event per message. */
  static final class Sse extends FloorHttpPeer {
    private final AsyncContext async;
    private final ServletOutputStream out;
    private boolean failed; // guarded by this

    Sse(FloorHub hub, AsyncContext async, ServletOutputStream out) {
      super(hub);
      this.async = async;
      this.out = out;
    }

    @Override
    public synchronized void deliver(FloorMessage message) {
      if (failed) {
        return;
      }
      try {
        out.write(message.sseEvent());
        out.flush();
      } catch (IOException e) {
        failed = true;
        hub.disconnected(this);
        async.complete();
      }
    }
  }

  /** Long polling: messages wait in a buffer until a poll takes them all. */
  static final class LongPoll extends FloorHttpPeer {
    // Guarded by this.
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private AsyncContext waiting;
    private boolean started;

    LongPoll(FloorHub hub) {
      super(hub);
    }

    /** A poll: the first answers at once; later ones take what is pending or wait for it. */
    void poll(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body;
      synchronized (this) {
        if (!started || pending.size() > 0) {
          started = true;
          body = pending.toByteArray();
          pending.reset();
        } else {
          waiting = request.startAsync();
          waiting.setTimeout(POLL_TIMEOUT_MILLIS);
          waiting.addListener(new Timeout());
          return;
        }
      }
      answer(response, body);
    }

    @Override
    public void deliver(FloorMessage message) {
      AsyncContext poll;
      byte[] body;
      synchronized (this) {
        pending.writeBytes(message.record());
        if (waiting == null) {
          return;
        }
        poll = waiting;
        waiting = null;
        body = pending.toByteArray();
        pending.reset();
      }
      try {
        answer((HttpServletResponse) poll.getResponse(), body);
      } catch (IOException e) {
        hub.disconnected(this);
      } finally {
        poll.complete();
      }
    }

    private static void answer(HttpServletResponse response, byte[] body) throws IOException {
      response.setStatus(200);
      response.setContentType("application/octet-stream");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }

    /** Answers a quiet poll empty, unless a message took it meanwhile. */
    private final class Timeout implements AsyncListener {
      @Override
      public void onTimeout(AsyncEvent event) throws IOException {
        AsyncContext poll;
        synchronized (LongPoll.this) {
          poll = waiting;
          waiting = null;
        }
        if (poll != null) {
          answer((HttpServletResponse) poll.getResponse(), new byte[0]);
          poll.complete();
        }
      }

      @Override
      public void onComplete(AsyncEvent event) {}

      @Override
      public void onError(AsyncEvent event) {}

      @Override
      public void onStartAsync(AsyncEvent event) {}
    }
  }
}
