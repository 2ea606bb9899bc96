package io.signet.connection;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The messages a connection with stateful reconnect sent and its client has not acknowledged yet,
 * in the order they were sent, so that they can be sent again on a new transport. Messages are
 * numbered 1, 2, 3, ... in that order, as SignalR numbers trackable messages; a client's
 * {@code Ack{n}} drops every message up to {@code n}.
 *
 * <p>Because the numbers have no gaps, the first kept message's number is all the bookkeeping
 * needed: it is also the {@code Sequence} a resend starts with, and {@link #total()} + 1 when
 * nothing is kept, as SignalR's clients expect.
 *
 * <p>Not thread-safe: the {@link OutboundWriter}'s monitor guards it, so that numbering a message
 * and queueing it for the transport are one step.
 */
final class ReplayLog {
  private final ArrayDeque<OutboundPayload> kept = new ArrayDeque<>();
  private long firstId = 1; // the number of the first kept message, or of the next one
  private long bytes;

  /** Keeps {@code payload} as message number {@link #total()} + 1. */
  void add(OutboundPayload payload) {
    kept.addLast(payload);
    bytes += payload.size();
  }

  /**
   * Drops every message numbered up to {@code sequenceId}. Numbers beyond those sent count as
   * the last one sent (a client cannot acknowledge what it never got); numbers below the first
   * kept one change nothing.
   */
  void acknowledge(long sequenceId) {
    long last = Math.min(sequenceId, total());
    while (firstId <= last) {
      bytes -= kept.removeFirst().size();
      firstId++;
    }
  }

  /** The number of the first message a resend starts with: the oldest kept, or the next. */
  long resendFrom() {
    return firstId;
  }

  /** Appends the kept messages to {@code out}, oldest first; they stay kept. */
  void addKeptTo(List<OutboundPayload> out) {
    out.addAll(kept);
  }

  /** How many messages were numbered so far. */
  long total() {
    return firstId - 1 + kept.size();
  }

  /** How many messages are kept. */
  int size() {
    return kept.size();
  }

  /** The bytes of the kept messages. */
  long bytes() {
    return bytes;
  }
}
