package io.signet.hub.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What one connection has in flight beyond plain calls: the streams it receives, the streams it
 * uploads, and the client results the server awaits from it. Thread-safe. Most connections never
 * stream nor answer a server call, so each map is created on first use.
 *
 * <p>Both kinds are bounded per connection. Streams and uploads are only added by the
 * connection's drain, one message at a time, and removed from anywhere: a count read before an
 * addition can only have fallen since, so checking {@link #openStreams()} first is enough. Client
 * results are awaited from any thread, so their count is reserved atomically.
 */
final class OpenCalls {
  private static final VarHandle STREAMS;
  private static final VarHandle UPLOADS;
  private static final VarHandle PENDING_RESULTS;
  private static final VarHandle PENDING_RESULT_COUNT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STREAMS = lookup.findVarHandle(OpenCalls.class, "streams", ConcurrentMap.class);
      UPLOADS = lookup.findVarHandle(OpenCalls.class, "uploads", ConcurrentMap.class);
      PENDING_RESULTS =
          lookup.findVarHandle(OpenCalls.class, "pendingResults", ConcurrentMap.class);
      PENDING_RESULT_COUNT =
          lookup.findVarHandle(OpenCalls.class, "pendingResultCount", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Holds nothing and is never added to: for lookups on connections that never had any. */
  static final OpenCalls NONE = new OpenCalls();

  // Created on first use through their VarHandles (compare-and-exchange); null until then.
  /** Server-to-client streams by invocation id. */
  private volatile ConcurrentMap<String, StreamSender> streams;
  /** Client-to-server streams by stream id. */
  private volatile ConcurrentMap<String, UploadStream> uploads;
  /** Client results awaited from this client, by invocation id. */
  private volatile ConcurrentMap<String, PendingResult> pendingResults;
  /** Entries of pendingResults, plus reservations about to become entries. */
  private volatile int pendingResultCount;
  /**
   * Set by {@link #endAll} before it ends what is open. What is registered later (by a message
   * being dispatched as the connection ends) is ended by whoever registers it: each side writes
   * before it reads the other's write, so one of them always sees the other.
   */
  private volatile boolean ended;

  /** Registers a stream; {@code false} if the id is already in use. */
  boolean startStream(String invocationId, StreamSender sender) {
    ConcurrentMap<String, StreamSender> map = streams;
    if (map == null) {
      map = createOnce(STREAMS, new ConcurrentHashMap<>());
    }
    if (map.putIfAbsent(invocationId, sender) != null) {
      return false;
    }
    if (ended) {
      sender.cancel(); // the connection ended meanwhile: the stream stops as soon as it starts
    }
    return true;
  }

  void streamEnded(String invocationId) {
    ConcurrentMap<String, StreamSender> map = streams;
    if (map != null) {
      map.remove(invocationId);
    }
  }

  /** The client's CancelInvocation: stops that stream, if it is still running. */
  void cancelStream(String invocationId) {
    ConcurrentMap<String, StreamSender> map = streams;
    StreamSender sender = map == null ? null : map.get(invocationId);
    if (sender != null) {
      sender.cancel();
    }
  }

  void addUpload(UploadStream upload) {
    ConcurrentMap<String, UploadStream> map = uploads;
    if (map == null) {
      map = createOnce(UPLOADS, new ConcurrentHashMap<>());
    }
    map.put(upload.streamId(), upload);
    if (ended) {
      map.remove(upload.streamId(), upload);
      upload.abandon();
    }
  }

  UploadStream upload(String streamId) {
    ConcurrentMap<String, UploadStream> map = uploads;
    return map == null ? null : map.get(streamId);
  }

  void removeUpload(String streamId) {
    ConcurrentMap<String, UploadStream> map = uploads;
    if (map != null) {
      map.remove(streamId);
    }
  }

  /** Server-to-client streams and client uploads open now. */
  int openStreams() {
    ConcurrentMap<String, StreamSender> senders = streams;
    ConcurrentMap<String, UploadStream> uploading = uploads;
    return (senders == null ? 0 : senders.size()) + (uploading == null ? 0 : uploading.size());
  }

  /**
   * Awaits the client's answer to {@code invocationId} (unique: the server numbers them).
   *
   * @return {@code false}, registering nothing, when {@code limit} results are awaited already
   */
  boolean expectResult(String invocationId, PendingResult pending, int limit) {
    if ((int) PENDING_RESULT_COUNT.getAndAdd(this, 1) >= limit) {
      PENDING_RESULT_COUNT.getAndAdd(this, -1);
      return false;
    }
    ConcurrentMap<String, PendingResult> map = pendingResults;
    if (map == null) {
      map = createOnce(PENDING_RESULTS, new ConcurrentHashMap<>());
    }
    map.put(invocationId, pending);
    return true;
  }

  /** Client results awaited now. */
  int pendingResults() {
    return pendingResultCount;
  }

  PendingResult takeResult(String invocationId) {
    ConcurrentMap<String, PendingResult> map = pendingResults;
    PendingResult taken = invocationId == null || map == null ? null : map.remove(invocationId);
    if (taken != null) {
      PENDING_RESULT_COUNT.getAndAdd(this, -1);
    }
    return taken;
  }

  /** Fails every awaited client result: the connection ended and nothing will answer. */
  void failPendingResults(String connectionId) {
    ConcurrentMap<String, PendingResult> map = pendingResults;
    if (map == null) {
      return;
    }
    for (String id : List.copyOf(map.keySet())) {
      PendingResult pending = takeResult(id);
      if (pending != null) {
        pending.fail(new IOException("Connection '" + connectionId + "' disconnected."));
      }
    }
  }

  /** The connection ended: cancels its streams, abandons its uploads, fails awaited results. */
  void endAll(String connectionId) {
    ended = true;
    ConcurrentMap<String, StreamSender> senders = streams;
    if (senders != null) {
      for (StreamSender sender : List.copyOf(senders.values())) {
        sender.cancel();
      }
    }
    ConcurrentMap<String, UploadStream> uploading = uploads;
    if (uploading != null) {
      for (UploadStream upload : List.copyOf(uploading.values())) {
        upload.abandon();
      }
      uploading.clear();
    }
    failPendingResults(connectionId);
  }

  @SuppressWarnings("unchecked")
  private <T> T createOnce(VarHandle field, T created) {
    Object witness = field.compareAndExchange(this, null, created);
    return witness == null ? created : (T) witness;
  }
}
