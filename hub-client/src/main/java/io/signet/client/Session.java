package io.signet.client;

import io.signet.protocol.AckMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.HandshakeProtocol;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HandshakeResponse;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageLimits;
import io.signet.protocol.PingMessage;
import io.signet.protocol.SequenceMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical connection of a {@link HubConnection}, from the handshake to its end: it sends the
 * handshake and waits for the answer, parses what arrives into hub messages for its owner, sends
 * pings when this side has been quiet, ends itself when the server has been quiet too long (unless
 * the transport keeps itself alive), and reads the server's {@code Close}.
 *
 * <p>With stateful reconnect (negotiated, on WebSockets) a WebSocket that drops is replaced by a
 * new one on the same connection, and what either side may have missed is sent again ({@link
 * ReplayBuffer}); the session goes on. Automatic reconnect, by contrast, makes a new session.
 */
final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final long ACK_DELAY_MILLIS = 1000; // as the JavaScript client

  /** Where a session's messages and its end go. */
  interface Owner {
    /**
     * A message other than a ping, close, ack or sequence, in the order received, each once; on
     * a transport thread.
     */
    void onMessage(Session session, HubMessage message);

    /**
     * The session ended. Called once, and once more by {@link #reportEndIfEnded()}: the owner
     * ignores a session that is not its current one.
     *
     * @param error why, or {@code null} for a clean end
     * @param allowReconnect whether automatic reconnect may follow (false after a {@code Close}
     *     without {@code allowReconnect}, and after a refused handshake)
     */
    void onEnded(Session session, Throwable error, boolean allowReconnect);
  }

  private final ConnectionOptions options;
  private final TransportConnector connector;
  private final Owner owner;
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final AtomicReference<Ending> ending = new AtomicReference<>();
  private final AtomicBoolean ackScheduled = new AtomicBoolean();
  private final Object sendLock = new Object();
  private volatile Attachment attachment = new Attachment(); // the transport's receiver
  private volatile ConnectedTransport connected; // writes under sendLock
  private volatile ReplayBuffer replay; // null unless stateful reconnect is in use
  private boolean detached; // guarded by sendLock: a re-attach is in progress
  private volatile boolean stopping;
  private volatile long lastReceived = System.nanoTime();
  private volatile long lastSent = System.nanoTime();
  private volatile ScheduledFuture<?> ticker;

  Session(ConnectionOptions options, TransportConnector connector, Owner owner) {
    this.options = options;
    this.connector = connector;
    this.owner = owner;
  }

  /** What the first transport must report to. */
  ClientTransport.Receiver receiver() {
    return attachment;
  }

  /**
   * Takes the connected transport and performs the handshake.
   *
   * @return completes once the server accepted the handshake; fails with a {@link
   *     HubConnectionException} when it refused, answered nonsense, took longer than the handshake
   *     timeout, or the transport ended first
   */
  CompletionStage<Void> handshake(ConnectedTransport transport) {
    boolean stateful = transport.statefulReconnect()
        && transport.type() == TransportType.WEBSOCKETS;
    synchronized (sendLock) {
      this.connected = transport;
      this.replay = stateful ? new ReplayBuffer(options.statefulReconnectBufferSize()) : null;
    }
    ScheduledFuture<?> timeout = ClientThreads.TIMER.schedule(
        () -> end(new HubConnectionException(
            "Timed out waiting for the server to respond to the handshake message."), false,
            "the handshake timed out"),
        options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    handshake.whenComplete((ok, error) -> timeout.cancel(false));
    // Version 1 unless stateful reconnect was negotiated, as the JavaScript client does.
    int version = transport.statefulReconnect() ? options.protocol().version() : 1;
    byte[] request = HandshakeProtocol.writeRequest(
        new HandshakeRequest(options.protocol().name(), version));
    write(request).whenComplete((ok, error) -> {
      if (error != null) {
        handshake.completeExceptionally(new HubConnectionException(
            "Sending the handshake request failed.", error));
      }
    });
    return handshake;
  }

  /** Starts keep-alive pings and the server timeout; sends the first ping at once. */
  void startKeepAlive() {
    if (connected.transport().hasInherentKeepAlive()) {
      return;
    }
    send(PingMessage.INSTANCE);
    long tick = Math.max(10, Math.min(1000,
        Math.min(options.keepAliveInterval().toMillis() / 2,
            options.serverTimeout().toMillis() / 4)));
    ticker = ClientThreads.TIMER.scheduleAtFixedRate(this::tick, tick, tick,
        TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long now = System.nanoTime();
    if (now - lastReceived >= options.serverTimeout().toNanos()) {
      end(new HubConnectionException(
          "Server timeout elapsed without receiving a message from the server."), true,
          "the server timed out");
    } else if (now - lastSent >= options.keepAliveInterval().toNanos()) {
      send(PingMessage.INSTANCE);
    }
  }

  /** The transport this session runs on now. */
  ConnectedTransport transport() {
    return connected;
  }

  /**
   * Sends one message. With stateful reconnect a trackable message is also kept for a replay,
   * and is only kept while a re-attach is in progress.
   *
   * @return completes when the transport took it; with stateful reconnect, when the messages the
   *     server has not acknowledged fit the replay buffer
   */
  CompletionStage<Void> send(HubMessage message) {
    byte[] bytes = options.protocol().writeMessage(message);
    synchronized (sendLock) {
      ReplayBuffer buffer = replay;
      if (buffer != null && ReplayBuffer.isTrackable(message)) {
        CompletionStage<Void> room = buffer.add(bytes);
        if (!detached) {
          write(bytes); // if it fails, the re-attach sends it again
        }
        return room;
      }
      if (detached) {
        return CompletableFuture.completedFuture(null); // pings and acks are not replayed
      }
      return write(bytes);
    }
  }

  private CompletionStage<Void> write(byte[] bytes) {
    lastSent = System.nanoTime();
    return connected.transport().send(ByteBuffer.wrap(bytes));
  }

  /**
   * Stops the transport, and any re-attach; {@link Owner#onEnded} follows with no error unless
   * the session already ended.
   */
  CompletionStage<Void> stop() {
    stopping = true;
    ConnectedTransport transport = connected;
    if (transport == null) {
      return CompletableFuture.completedFuture(null);
    }
    boolean reattaching;
    synchronized (sendLock) {
      reattaching = detached;
    }
    if (reattaching) {
      end(null, false, "stopped while re-attaching");
    }
    return transport.transport().stop();
  }

  /**
   * Reports the end again if the session already ended: for an owner that took the session on
   * after ignoring its end as not yet its own.
   */
  void reportEndIfEnded() {
    Ending end = ending.get();
    if (end != null) {
      owner.onEnded(this, end.error(), end.allowReconnect());
    }
  }

  private void dispatch(HubMessage message) {
    if (ending.get() != null || message instanceof PingMessage) {
      return;
    }
    if (message instanceof CloseMessage close) {
      HubConnectionException error = close.error() == null ? null
          : new HubConnectionException("Server returned an error on close: " + close.error());
      end(error, close.allowReconnect(), "the server closed the connection");
      return;
    }
    ReplayBuffer buffer = replay;
    if (buffer == null) {
      if (!(message instanceof AckMessage || message instanceof SequenceMessage)) {
        owner.onMessage(this, message);
      }
      return;
    }
    if (message instanceof AckMessage ack) {
      buffer.acknowledge(ack.sequenceId());
    } else if (message instanceof SequenceMessage sequence) {
      try {
        buffer.sequence(sequence.sequenceId());
      } catch (ReplayBuffer.SequenceGapException e) {
        end(new HubConnectionException(e.getMessage(), e), true, "messages were lost");
      }
    } else if (ReplayBuffer.isTrackable(message)) {
      if (buffer.received()) {
        owner.onMessage(this, message);
        scheduleAck(buffer);
      }
    } else {
      owner.onMessage(this, message);
    }
  }

  private void scheduleAck(ReplayBuffer buffer) {
    if (ackScheduled.compareAndSet(false, true)) {
      ClientThreads.TIMER.schedule(() -> {
        ackScheduled.set(false);
        long id = buffer.toAcknowledge();
        if (id > 0 && ending.get() == null) {
          send(new AckMessage(id));
        }
      }, ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The transport of {@code from} ended: re-attach if stateful reconnect allows, else end. */
  private void transportClosed(Attachment from, Throwable error) {
    if (from != attachment) {
      return; // a transport already replaced
    }
    if (error != null && replay != null && !stopping && handshake.isDone()
        && !handshake.isCompletedExceptionally() && ending.get() == null) {
      reattach(error);
      return;
    }
    end(error == null && !handshake.isDone()
        ? new HubConnectionException("The connection closed before the handshake completed.")
        : error, true, "the transport closed");
  }

  /** Opens a new WebSocket on the same connection and replays what the server may lack. */
  private void reattach(Throwable cause) {
    Attachment next = new Attachment();
    ConnectedTransport old;
    synchronized (sendLock) {
      detached = true;
      attachment = next;
      old = connected;
      replay.detached(); // before the new WebSocket can deliver the server's Sequence
    }
    log.debug("Connection {} lost its WebSocket; re-attaching", old.connectionId(), cause);
    connector.reattach(old.connectUrl(), options.protocol().transferFormat(), next)
        .whenComplete((transport, error) -> {
          if (error != null || stopping || ending.get() != null) {
            if (transport != null) {
              transport.stop();
            }
            end(stopping ? null : cause, !stopping, "the re-attach failed");
            return;
          }
          synchronized (sendLock) {
            connected = new ConnectedTransport(transport, old.type(), old.connectionId(),
                old.connectUrl(), true);
            ReplayBuffer.Replay missed = replay.reattached();
            write(options.protocol().writeMessage(new SequenceMessage(missed.sequenceId())));
            missed.messages().forEach(this::write);
            detached = false;
          }
        });
  }

  private void end(Throwable error, boolean allowReconnect, String why) {
    if (!ending.compareAndSet(null, new Ending(error, allowReconnect))) {
      return;
    }
    log.debug("Connection {} ended: {}", connected == null ? null : connected.connectionId(), why,
        error);
    ScheduledFuture<?> running = ticker;
    if (running != null) {
      running.cancel(false);
    }
    handshake.completeExceptionally(error != null ? error
        : new HubConnectionException("The connection closed before the handshake completed."));
    stopping = true;
    ConnectedTransport transport = connected;
    if (transport != null) {
      transport.transport().stop(); // it may still be open after a Close or a timeout
    }
    owner.onEnded(this, error, allowReconnect);
  }

  /** How a session ended. */
  private record Ending(Throwable error, boolean allowReconnect) {}

  /**
   * The receiver of one transport, with its own input buffer: after a re-attach, a message cut
   * off by the old WebSocket must not be joined to the new one's bytes, and the old transport's
   * late reports are ignored.
   */
  private final class Attachment implements ClientTransport.Receiver {
    private final List<HubMessage> parsed = new ArrayList<>();
    private ByteBuffer input = ByteBuffer.allocate(4096); // this transport's thread; write mode

    @Override
    public void onReceive(ByteBuffer data) {
      if (this != attachment) {
        return;
      }
      lastReceived = System.nanoTime();
      append(data);
      input.flip();
      try {
        if (!handshake.isDone() && !readHandshake()) {
          return;
        }
        if (handshake.isCompletedExceptionally()) {
          return;
        }
        parsed.clear();
        try {
          options.protocol().parseMessages(input,
              MessageLimits.of(options.maximumMessageSize()), parsed);
        } finally {
          parsed.forEach(Session.this::dispatch);
        }
      } catch (InvalidMessageException e) {
        end(new HubConnectionException("The server sent a message this client cannot read: "
            + e.getMessage(), e), true, "a message could not be read");
      } finally {
        input.compact();
      }
    }

    private void append(ByteBuffer data) {
      if (input.remaining() < data.remaining()) {
        ByteBuffer larger = ByteBuffer.allocate(
            Math.max(input.capacity() * 2, input.position() + data.remaining()));
        input.flip();
        larger.put(input);
        input = larger;
      }
      input.put(data);
    }

    /** Reads the handshake response; whether hub messages may follow. */
    private boolean readHandshake() {
      HandshakeResponse response;
      try {
        response = HandshakeProtocol.parseResponse(input, options.maximumMessageSize());
      } catch (InvalidMessageException e) {
        HubConnectionException error = new HubConnectionException(
            "Error parsing handshake response: " + e.getMessage(), e);
        handshake.completeExceptionally(error);
        end(error, false, "the handshake response was invalid");
        return false;
      }
      if (response == null) {
        return false;
      }
      if (response.error() != null) {
        HubConnectionException error = new HubConnectionException(
            "Server returned handshake error: " + response.error());
        handshake.completeExceptionally(error);
        end(error, false, "the server refused the handshake");
        return false;
      }
      handshake.complete(null);
      return true;
    }

    @Override
    public void onClose(Throwable error) {
      transportClosed(this, error);
    }
  }
}
