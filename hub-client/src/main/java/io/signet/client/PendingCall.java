package io.signet.client;

import io.signet.protocol.CompletionMessage;
import io.signet.protocol.StreamItemMessage;

/** A call of a hub method waiting for its answer: an {@code invoke} or a {@code stream}. */
interface PendingCall {
  /** A stream item for this call. */
  void onItem(StreamItemMessage message);

  /** The call's completion; the last message for it. */
  void onCompletion(CompletionMessage message);

  /** The connection ended before the completion arrived. */
  void fail(Throwable error);
}
