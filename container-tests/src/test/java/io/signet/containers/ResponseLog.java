package io.signet.containers;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The status of every response a container completed, as its own request log sees it (Tomcat's
 * access log, Undertow's exchange completion, Jetty's request log): what an operator's access
 * log would show, once the application and the container are both done with the request.
 * Thread-safe.
 */
final class ResponseLog {
  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private final AtomicInteger openPolls = new AtomicInteger();

  /**
   * Records one completed response; called by the container's request-log hook.
   *
   * @param accept the request's {@code Accept} header, which tells an event stream apart
   */
  void record(String method, String uri, String accept, int status) {
    record(method, uri, accept, status, false);
  }

  /**
   * Records one completed response whose container reports why it failed.
   *
   * @param peerGone whether the response failed with an {@link java.io.IOException} from the
   *     socket, as a write to a client that closed its end does
   */
  void record(String method, String uri, String accept, int status, boolean peerGone) {
    entries.add(new Entry(method, uri, "text/event-stream".equals(accept), status, peerGone));
  }

  /** A long poll reached the application; called by containers that track polls (Tomcat). */
  void pollStarted() {
    openPolls.incrementAndGet();
  }

  /** A long poll {@link #pollStarted} was completed. */
  void pollEnded() {
    openPolls.decrementAndGet();
  }

  /** The long polls that reached the application and are not answered yet. */
  int openPolls() {
    return openPolls.get();
  }

  int count() {
    return entries.size();
  }

  /** The completed responses with a 5xx status. */
  List<Entry> serverErrors() {
    return entries.stream().filter(entry -> entry.status() >= 500).toList();
  }

  /** One completed response. */
  record Entry(String method, String uri, boolean eventStream, int status, boolean peerGone) {
    @Override
    public String toString() {
      return method + " " + uri + (eventStream ? " (event stream)" : "") + " -> " + status
          + (peerGone ? " (the client's socket was closed)" : "");
    }
  }
}
