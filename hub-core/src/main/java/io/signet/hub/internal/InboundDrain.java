package io.signet.hub.internal;

import io.signet.connection.internal.WarningLimiter;
import io.signet.protocol.AckMessage;
import io.signet.protocol.HandshakeProtocol;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageTooLargeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The inbound side of one hub connection: the bytes its client sent and not yet parsed, and the
 * drain that parses and dispatches them in order.
 *
 * <p>Bytes are appended on the transport thread and processed by at most one drain at a time
 * ({@code drainActive}), which parses and dispatches in order. The drain starts on the transport
 * thread and hands itself to the hub executor before the handshake and before the first message
 * that may block (see {@link HubDispatcher#runsInline}). A hub method that returns an incomplete
 * {@code CompletionStage}, a full set of invocation slots, or a full upload stream pauses the
 * drain until it completes.
 *
 * <p>With stateful reconnect, each parsed batch passes the connection's {@link ReceivedSequence}
 * before it is dispatched, under the same lock as the bytes it came from; bytes of a transport the
 * connection replaced are dropped, so a message cut in two by the drop never meets the new
 * transport's bytes.
 */
final class InboundDrain {
  private static final Logger log = LoggerFactory.getLogger(HubConnectionContext.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);

  private final HubConnectionContext context;
  private final HubEndpointRuntime<?> endpoint;

  // The inbound buffer is also the lock for itself and the fields marked "guarded by inbound".
  private final InboundBuffer inbound = new InboundBuffer();
  private boolean drainActive; // guarded by inbound: a drain is queued, running, or waiting
  private ReceivedSequence received; // guarded by inbound; null without stateful reconnect
  private int attachment; // guarded by inbound: bytes of earlier transports are stale

  // Owned by the drain (one task at a time): the batch being dispatched, and the next in it.
  private List<HubMessage> parsed;
  private int parsedNext;
  private Exception failure; // what ends the connection once the messages before it are done

  InboundDrain(HubConnectionContext context, HubEndpointRuntime<?> endpoint) {
    this.context = context;
    this.endpoint = endpoint;
  }

  /** Bytes from the client's {@code from}-th transport; see {@link HubConnectionContext}. */
  void receive(ByteBuffer data, int from) {
    boolean overflow = false;
    boolean start = false;
    synchronized (inbound) {
      if (!context.isOpen() || from < attachment) {
        return; // ended, or left over from a transport that was replaced
      }
      if (inbound.size() + (long) data.remaining() > endpoint.options().maximumInboundBufferSize()) {
        overflow = true;
      } else {
        context.received();
        if (!drainActive) {
          drainActive = true;
          start = true;
          inbound.lend(data); // parsed below, on this thread, before the transport reuses it
        } else {
          inbound.append(data);
        }
      }
    }
    if (overflow) {
      warnings.warn("Closing a connection: it sent more than the hub could process",
          "connection " + context.connectionId());
      context.endForInboundOverflow();
    } else if (start) {
      // Here, on the transport's thread, as far as messages allow (pings, NonBlocking methods);
      // the first one that may block hands the drain to the hub executor.
      try {
        drain(true);
      } finally {
        synchronized (inbound) {
          inbound.endLoan(); // keeps what is left unparsed: the transport reuses its buffer
        }
      }
    }
  }

  /** Counts and filters the client's messages from now on: stateful reconnect is on. */
  void trackSequence() {
    synchronized (inbound) {
      received = new ReceivedSequence();
    }
  }

  /**
   * The client came back on its {@code from}-th transport: what is left of the old one's bytes
   * is dropped, and everything waits for the client's {@code Sequence}.
   */
  void reattached(int from) {
    synchronized (inbound) {
      attachment = from;
      inbound.clear();
      if (received != null) {
        received.resumed();
      }
    }
  }

  /** The acknowledgement due to the client, if any; see {@link ReceivedSequence#takeAck()}. */
  AckMessage takeAck() {
    synchronized (inbound) {
      return received == null ? null : received.takeAck();
    }
  }

  /** Drops whatever was not parsed yet: the connection is ending. */
  void clear() {
    synchronized (inbound) {
      inbound.clear();
    }
  }

  /**
   * The handshake request once it is complete; {@code null} ends this drain until more bytes
   * come.
   *
   * @throws InvalidMessageException if it is malformed, or larger than the hub allows
   */
  HandshakeRequest readHandshake() throws InvalidMessageException {
    synchronized (inbound) {
      HandshakeRequest request = HandshakeProtocol.parseRequest(
          inbound.readable(), endpoint.options().maximumReceiveMessageSize());
      inbound.compact();
      if (request == null) {
        drainActive = false;
      }
      return request;
    }
  }

  private void scheduleDrain() {
    try {
      endpoint.executor().execute(() -> drain(false));
    } catch (RejectedExecutionException e) {
      warnings.warn("Closing a connection: the hub executor is saturated",
          "connection " + context.connectionId());
      context.endWithError(e);
    }
  }

  /**
   * Parses and dispatches what the client sent, in order.
   *
   * @param inline whether this runs on the transport thread that received the bytes; it then
   *     hands over to the hub executor before the handshake (onConnected is application code)
   *     and before the first message that may not {@linkplain HubDispatcher#runsInline run
   *     inline}
   */
  private void drain(boolean inline) {
    MDC.put(HubConnectionContext.MDC_CONNECTION_ID, context.connectionId());
    try {
      while (true) {
        if (inline && context.protocol() == null) {
          scheduleDrain();
          return;
        }
        HubMessage next = nextMessage();
        if (next == null) {
          return;
        }
        if (inline && !endpoint.dispatcher().runsInline(next)) {
          parsedNext--; // put it back for the executor's drain
          scheduleDrain();
          return;
        }
        CompletionStage<Void> gate = null;
        if (next instanceof InvocationMessage invocation && invocation.streamIds().isEmpty()) {
          gate = context.slots().gateIfFull();
          if (gate != null) {
            parsedNext--; // put it back: dispatched once a slot frees
          }
        }
        if (gate == null) {
          gate = endpoint.dispatcher().dispatch(context, next);
        }
        if (gate != null && !gate.toCompletableFuture().isDone()) {
          // Every invocation slot is taken, or an upload stream is full: read on once it frees.
          // drainActive stays true, so nobody else drains meanwhile. Registering the callback is
          // the last thing this drain does: if it runs at once, the next drain may already start.
          gate.whenComplete((ignored, failure) -> scheduleDrain());
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("Unexpected failure processing connection {}", context.connectionId(), e);
      context.endWithError(e);
    } finally {
      MDC.remove(HubConnectionContext.MDC_CONNECTION_ID);
    }
  }

  /** The next message to dispatch, parsing more input as needed; {@code null} ends the drain. */
  private HubMessage nextMessage() {
    while (true) {
      if (!context.isOpen()) {
        return null; // what was read before the end is dropped with the rest: no call after it
      }
      if (parsed != null) {
        if (parsedNext < parsed.size()) {
          return parsed.get(parsedNext++);
        }
        parsed = null;
      }
      if (failure != null) {
        // Messages before the failing one were dispatched; now the connection ends.
        fail(failure);
        return null;
      }
      HubProtocol protocol = context.protocol();
      if (protocol == null) {
        if (!context.handshake()) {
          return null;
        }
        continue;
      }
      List<HubMessage> batch = new ArrayList<>();
      synchronized (inbound) {
        if (inbound.size() > 0) { // the drain's last round usually finds nothing left
          try {
            protocol.parseMessages(
                inbound.readable(), endpoint.dispatcher().messageLimits(), batch);
          } catch (InvalidMessageException e) {
            failure = e;
          }
          inbound.compact();
          if (received != null) {
            filter(batch);
          }
        }
        if (batch.isEmpty() && failure == null) {
          drainActive = false;
          return null;
        }
      }
      if (!batch.isEmpty()) {
        context.observer().messagesReceived(batch.size());
        parsed = batch;
        parsedNext = 0;
      }
    }
  }

  /**
   * Keeps the messages of {@code batch} that {@link ReceivedSequence} lets through; a
   * {@code Sequence} it refuses ends the batch and, after what came before it, the connection.
   * Runs once per message, as they are parsed, under the inbound lock.
   */
  private void filter(List<HubMessage> batch) {
    int kept = 0;
    for (HubMessage message : batch) {
      try {
        if (received.shouldProcess(message)) {
          batch.set(kept++, message);
        }
      } catch (ReceivedSequence.SequenceException e) {
        failure = e;
        break;
      }
    }
    batch.subList(kept, batch.size()).clear();
  }

  private void fail(Exception cause) {
    if (cause instanceof MessageTooLargeException) {
      // Not the exception's text: that is ASP.NET's, for clients, and names its AddHubOptions.
      warnings.warn("Closing a connection: it sent a message larger than "
          + "HubOptions.maximumReceiveMessageSize (" + endpoint.options().maximumReceiveMessageSize()
          + " bytes)", "connection " + context.connectionId());
    } else {
      // Classes, not the text or the trace: a parser's message quotes the bytes it failed on.
      log.debug("Closing connection {}: invalid message ({})", context.connectionId(),
          LoggedFailures.classes(cause));
    }
    context.endWithError(cause);
  }
}
