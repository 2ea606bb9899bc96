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
 */
final class OpenCalls {
  private static final VarHandle STREAMS;
  private static final VarHandle UPLOADS;
  private static final VarHandle PENDING_RESULTS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STREAMS = lookup.findVarHandle(OpenCalls.class, "streams", ConcurrentMap.class);
      UPLOADS = lookup.findVarHandle(OpenCalls.class, "uploads", ConcurrentMap.class);
      PENDING_RESULTS =
          lookup.findVarHandle(OpenCalls.class, "pendingResults", ConcurrentMap.class);
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

  /** Registers a stream; {@code false} if the id is already in use. */
  boolean startStream(String invocationId, StreamSender sender) {
    ConcurrentMap<String, StreamSender> map = streams;
    if (map == null) {
      map = createOnce(STREAMS, new ConcurrentHashMap<>());
    }
    return map.putIfAbsent(invocationId, sender) == null;
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

  void expectResult(String invocationId, PendingResult pending) {
    ConcurrentMap<String, PendingResult> map = pendingResults;
    if (map == null) {
      map = createOnce(PENDING_RESULTS, new ConcurrentHashMap<>());
    }
    map.put(invocationId, pending);
  }

  PendingResult takeResult(String invocationId) {
    ConcurrentMap<String, PendingResult> map = pendingResults;
    return invocationId == null || map == null ? null : map.remove(invocationId);
  }

  /** Fails every awaited client result: the connection ended and nothing will answer. */
  void failPendingResults(String connectionId) {
    ConcurrentMap<String, PendingResult> map = pendingResults;
    if (map == null) {
      return;
    }
    for (String id : List.copyOf(map.keySet())) {
      PendingResult pending = map.remove(id);
      if (pending != null) {
        pending.fail(new IOException("Connection '" + connectionId + "' disconnected."));
      }
    }
  }

  /** The connection ended: cancels its streams, abandons its uploads, fails awaited results. */
  void endAll(String connectionId) {
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
