package io.signet.client;

import io.signet.protocol.HubMessage;
import io.signet.protocol.MessageType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Both halves of stateful reconnect's bookkeeping for one connection, as the JavaScript client's
 * {@code MessageBuffer} keeps them.
 *
 * <p>Sending: every trackable message (types 1 to 5) gets the next sequence number and is kept
 * until the server acknowledges it, so that it can be sent again on a new WebSocket. A send is
 * written at once; its stage completes when the unacknowledged bytes fit the buffer size, so a
 * caller that waits is held back while the server is behind, and nothing is dropped.
 *
 * <p>Receiving: trackable messages are counted; after a re-attach, everything is dropped until the
 * server's {@code Sequence}, and then messages already processed are skipped.
 *
 * <p>Thread-safe: all methods lock this buffer.
 */
final class ReplayBuffer {

  /** The message announcing a replay and the messages to send again, in order. */
  record Replay(long sequenceId, List<byte[]> messages) {}

  /** A sequence number greater than the next expected one: messages were lost. */
  static final class SequenceGapException extends Exception {
    private static final long serialVersionUID = 1L;

    SequenceGapException() {
      super("Sequence ID greater than amount of messages we've received.");
    }
  }

  private record Sent(long id, byte[] bytes, CompletableFuture<Void> room) {}

  private final long capacity;
  private final Deque<Sent> unacknowledged = new ArrayDeque<>();
  private long bufferedBytes;
  private long sentCount;
  /** Trackable messages received, counting the server's numbering; reset by its Sequence. */
  private long receivedCount;
  /** The highest number processed; every message up to it was processed exactly once. */
  private long processedCount;
  /** Messages numbered up to this were processed before a re-attach; their replay is skipped. */
  private long skipUntil;
  private long lastAcknowledged;
  private boolean awaitingSequence;

  /** @param capacity the bytes of unacknowledged messages a send may leave without waiting */
  ReplayBuffer(long capacity) {
    this.capacity = capacity;
  }

  /** Whether {@code message} is numbered, kept and replayed. */
  static boolean isTrackable(HubMessage message) {
    int type = message.type();
    return type >= MessageType.INVOCATION && type <= MessageType.CANCEL_INVOCATION;
  }

  /**
   * Keeps a trackable message that is being sent.
   *
   * @return completes once the unacknowledged bytes, this message's included, fit the capacity
   */
  synchronized CompletionStage<Void> add(byte[] bytes) {
    sentCount++;
    bufferedBytes += bytes.length;
    CompletableFuture<Void> room = new CompletableFuture<>();
    unacknowledged.add(new Sent(sentCount, bytes, room));
    if (bufferedBytes <= capacity) {
      room.complete(null);
    }
    return room;
  }

  /** The server processed every message up to {@code sequenceId}: they need no replay. */
  void acknowledge(long sequenceId) {
    List<CompletableFuture<Void>> released = new ArrayList<>();
    synchronized (this) {
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().id() <= sequenceId) {
        Sent sent = unacknowledged.removeFirst();
        bufferedBytes -= sent.bytes().length;
        released.add(sent.room());
      }
      long bytes = 0;
      for (Sent sent : unacknowledged) {
        bytes += sent.bytes().length;
        if (bytes > capacity) {
          break;
        }
        released.add(sent.room());
      }
    }
    released.forEach(room -> room.complete(null)); // outside the lock: callers' code runs here
  }

  /**
   * The transport was lost: received messages are dropped from now until the server's
   * {@code Sequence}. Called before the new transport opens, because the server sends its
   * {@code Sequence} and replay as soon as the new WebSocket is up, which may be before the
   * opener learns that it is.
   */
  synchronized void detached() {
    awaitingSequence = true;
  }

  /** The transport was replaced: what to send first on the new one. */
  synchronized Replay reattached() {
    long first = unacknowledged.isEmpty() ? sentCount + 1 : unacknowledged.peekFirst().id();
    return new Replay(first, unacknowledged.stream().map(Sent::bytes).toList());
  }

  /**
   * The server's {@code Sequence}: its replay starts with message {@code sequenceId}.
   *
   * @throws SequenceGapException when messages between the last one received and it were lost
   */
  synchronized void sequence(long sequenceId) throws SequenceGapException {
    if (sequenceId > processedCount + 1) {
      throw new SequenceGapException();
    }
    awaitingSequence = false;
    receivedCount = sequenceId - 1; // the replay's duplicates are counted and skipped again
    skipUntil = Math.max(skipUntil, processedCount);
  }

  /**
   * A trackable message arrived.
   *
   * @return whether to process it: not while awaiting the server's {@code Sequence}, and not when
   *     it was processed before the re-attach
   */
  synchronized boolean received() {
    if (awaitingSequence) {
      return false;
    }
    receivedCount++;
    if (receivedCount <= skipUntil) {
      return false;
    }
    processedCount = receivedCount;
    return true;
  }

  /**
   * The id to acknowledge, if anything arrived since the last acknowledgement.
   *
   * @return the highest id processed, or {@code -1} when there is nothing new to acknowledge
   */
  synchronized long toAcknowledge() {
    if (processedCount <= lastAcknowledged) {
      return -1;
    }
    lastAcknowledged = processedCount;
    return processedCount;
  }
}
