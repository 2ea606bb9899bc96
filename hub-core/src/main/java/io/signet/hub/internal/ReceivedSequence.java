package io.signet.hub.internal;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.SequenceMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;

/**
 * The receiving half of stateful reconnect for one connection: counts the client's trackable
 * messages (types 1 to 5) as SignalR numbers them, 1, 2, 3, ..., drops the ones a resend repeats,
 * and says when to acknowledge. The sending half, the messages kept until the client acknowledges
 * them, is the connection's ({@link io.signet.connection.Connection#sendTrackable}).
 *
 * <p>After the client came back on a new transport, everything is dropped until its
 * {@code Sequence{s}}, which must be the first thing it sends (as the JavaScript client's buffer
 * does); from then on, messages are numbered from {@code s}, and those numbered up to the last one
 * already processed are duplicates. A {@code Sequence} beyond the next expected number would mean
 * lost messages, and fails with ASP.NET Core's text. Any value is otherwise accepted, as in
 * ASP.NET Core: a client that rewinds only has its own messages dropped.
 *
 * <p>Not thread-safe: the connection's inbound lock guards it.
 */
final class ReceivedSequence {
  /** ASP.NET Core's text (MessageBuffer), word for word. */
  static final String SEQUENCE_TOO_HIGH =
      "Sequence ID greater than amount of messages we've received.";

  private long next = 1; // the number the next trackable message gets
  private long latest; // the highest number processed
  private long acknowledged; // the highest number acknowledged to the client
  private boolean awaitingSequence; // resumed: everything waits for the client's Sequence

  /** Whether {@code message} is one SignalR numbers: invocations, items, completions, cancels. */
  static boolean isTrackable(HubMessage message) {
    return message instanceof InvocationMessage || message instanceof StreamItemMessage
        || message instanceof CompletionMessage || message instanceof StreamInvocationMessage
        || message instanceof CancelInvocationMessage;
  }

  /**
   * Whether to process {@code message}: not while waiting for the client's {@code Sequence}, and
   * not if it repeats one processed already.
   *
   * @throws SequenceException when a {@code Sequence} is beyond the next expected number
   */
  boolean shouldProcess(HubMessage message) throws SequenceException {
    if (message instanceof SequenceMessage sequence) {
      if (sequence.sequenceId() > next) {
        throw new SequenceException(SEQUENCE_TOO_HIGH);
      }
      next = sequence.sequenceId();
      awaitingSequence = false;
      return true;
    }
    if (awaitingSequence) {
      return false; // sent before the drop, or out of turn: the client sends it again
    }
    if (!isTrackable(message)) {
      return true;
    }
    long id = next++;
    if (id <= latest) {
      return false; // a duplicate: the client resent what was processed already
    }
    latest = id;
    return true;
  }

  /**
   * The client came back on a new transport: wait for its {@code Sequence}, and acknowledge
   * again what was acknowledged on the old one, in case that never arrived.
   */
  void resumed() {
    awaitingSequence = true;
    acknowledged = 0;
  }

  /**
   * The {@code Ack} to send now, if anything arrived since the last one; it counts as sent.
   *
   * @return the acknowledgement, or {@code null}
   */
  AckMessage takeAck() {
    if (latest <= acknowledged) {
      return null;
    }
    acknowledged = latest;
    return new AckMessage(latest);
  }

  /** The highest number processed, for tests. */
  long latest() {
    return latest;
  }

  /**
   * A {@code Sequence} the receiver cannot honour. Shown to clients, with detailed errors, under
   * ASP.NET Core's name for it, {@code InvalidOperationException} ({@link ErrorMessages}).
   */
  static final class SequenceException extends Exception {
    private static final long serialVersionUID = 1L;

    SequenceException(String message) {
      super(message);
    }
  }
}
