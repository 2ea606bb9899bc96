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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport connection of a {@link HubConnection}, from the handshake to its end: it sends the
 * handshake and waits for the answer, parses what arrives into hub messages for its owner, sends
 * pings when this side has been quiet and ends itself when the server has been quiet too long
 * (unless the transport keeps itself alive), and reads the server's {@code Close}. A reconnect
 * makes a new session.
 */
final class Session implements ClientTransport.Receiver {
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  /** Where a session's messages and its end go. */
  interface Owner {
    /**
     * A message other than a ping or close, in the order received; on the transport's thread.
     */
    void onMessage(Session session, HubMessage message);

    /**
     * The session ended, exactly once.
     *
     * @param error why, or {@code null} for a clean end
     * @param allowReconnect whether automatic reconnect may follow (false after a {@code Close}
     *     without {@code allowReconnect})
     */
    void onEnded(Session session, Throwable error, boolean allowReconnect);
  }

  private final ConnectionOptions options;
  private final Owner owner;
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final AtomicReference<Ending> ending = new AtomicReference<>();
  private final List<HubMessage> parsed = new ArrayList<>();
  private ByteBuffer input = ByteBuffer.allocate(4096); // transport thread only; write mode
  private volatile ConnectedTransport connected;
  private volatile long lastReceived = System.nanoTime();
  private volatile long lastSent = System.nanoTime();
  private volatile ScheduledFuture<?> ticker;

  Session(ConnectionOptions options, Owner owner) {
    this.options = options;
    this.owner = owner;
  }

  /**
   * Takes the connected transport and performs the handshake.
   *
   * @param version the protocol version to ask for
   * @return completes once the server accepted the handshake; fails with a {@link
   *     HubConnectionException} when it refused, answered nonsense, took longer than the handshake
   *     timeout, or the transport ended first
   */
  CompletionStage<Void> handshake(ConnectedTransport transport, int version) {
    this.connected = transport;
    ScheduledFuture<?> timeout = ClientThreads.TIMER.schedule(
        () -> end(new HubConnectionException(
            "Timed out waiting for the server to respond to the handshake message."), false,
            "the handshake timed out"),
        options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    handshake.whenComplete((ok, error) -> timeout.cancel(false));
    byte[] request = HandshakeProtocol.writeRequest(
        new HandshakeRequest(options.protocol().name(), version));
    send(request).whenComplete((ok, error) -> {
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

  /** The transport this session runs on. */
  ConnectedTransport transport() {
    return connected;
  }

  /**
   * Sends one message.
   *
   * @return completes when the transport took it
   */
  CompletionStage<Void> send(HubMessage message) {
    return send(options.protocol().writeMessage(message));
  }

  private CompletionStage<Void> send(byte[] bytes) {
    lastSent = System.nanoTime();
    return connected.transport().send(ByteBuffer.wrap(bytes));
  }

  /**
   * Stops the transport; {@link Owner#onEnded} follows with no error unless the session already
   * ended.
   */
  CompletionStage<Void> stop() {
    ConnectedTransport transport = connected;
    return transport == null ? CompletableFuture.completedFuture(null)
        : transport.transport().stop();
  }

  @Override
  public void onReceive(ByteBuffer data) {
    lastReceived = System.nanoTime();
    if (input.remaining() < data.remaining()) {
      ByteBuffer larger = ByteBuffer.allocate(
          Math.max(input.capacity() * 2, input.position() + data.remaining()));
      input.flip();
      larger.put(input);
      input = larger;
    }
    input.put(data);
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
        options.protocol().parseMessages(input, MessageLimits.of(options.maximumMessageSize()),
            parsed);
      } finally {
        parsed.forEach(this::dispatch);
      }
    } catch (InvalidMessageException e) {
      end(new HubConnectionException("The server sent a message this client cannot read: "
          + e.getMessage(), e), true, "a message could not be read");
    } finally {
      input.compact();
    }
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

  private void dispatch(HubMessage message) {
    if (ending.get() != null) {
      return;
    }
    if (message instanceof PingMessage) {
      return;
    }
    if (message instanceof CloseMessage close) {
      HubConnectionException error = close.error() == null ? null
          : new HubConnectionException("Server returned an error on close: " + close.error());
      end(error, close.allowReconnect(), "the server closed the connection");
      return;
    }
    if (message instanceof AckMessage || message instanceof SequenceMessage) {
      return; // stateful reconnect is not in use on this session
    }
    owner.onMessage(this, message);
  }

  @Override
  public void onClose(Throwable error) {
    end(error == null && !handshake.isDone()
        ? new HubConnectionException("The connection closed before the handshake completed.")
        : error, true, "the transport closed");
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
    stop(); // the transport may still be open after a Close or a timeout
    owner.onEnded(this, error, allowReconnect);
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

  /** {@return how long since anything arrived; for tests and diagnostics} */
  Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastReceived);
  }

  /** How a session ended. */
  private record Ending(Throwable error, boolean allowReconnect) {}
}
