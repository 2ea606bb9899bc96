package io.signet.hub.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionListener;
import io.signet.connection.ConnectionRequest;
import io.signet.connection.OutboundPayload;
import io.signet.connection.TransportType;
import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.HubCallerContext;
import io.signet.hub.HubException;
import io.signet.hub.scaleout.SerializedHubMessage;
import io.signet.observe.HubObserver;
import io.signet.protocol.AckMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.HandshakeProtocol;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HandshakeResponse;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.MessageTooLargeException;
import io.signet.protocol.SequenceMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub protocol session of one connection: handshake, what it sends, keep-alive pings, client
 * timeout, stateful reconnect, and its end. What the client sends is parsed and dispatched in
 * order by its {@link InboundDrain}; calls hold {@link InvocationSlots}. No lock is held while
 * user code runs or bytes are written.
 *
 * <p>With stateful reconnect (a version-2 handshake on a connection negotiate granted it),
 * trackable messages go out through {@link Connection#sendTrackable}, which keeps them until the
 * client acknowledges them; the client's trackable messages are counted by the drain, and
 * acknowledged on the timer's tick, at most once a second, as ASP.NET Core does. While the client
 * is away nothing else is sent and the client timeout does not run; when it is back, the
 * connection resends what it kept and the drain waits for the client's {@code Sequence}.
 *
 * <p>A server holds many of these, mostly idle, so what only some connections use (items, groups,
 * streams, uploads, client results) is created on first use.
 */
final class HubConnectionContext implements ConnectionListener, HubCallerContext {
  private static final Logger log = LoggerFactory.getLogger(HubConnectionContext.class);
  /** Warnings a client can cause, once per cause and minute. */
  private static final WarningLimiter warnings = WarningLimiter.forLogger(log);
  static final String MDC_CONNECTION_ID = "signet.connectionId";
  /** How long a client that sent Close has to close its transport before the server does. */
  static final Duration CLIENT_CLOSE_GRACE = Duration.ofSeconds(1);
  /** The least time between two acknowledgements, ASP.NET Core's {@code AckRate}. */
  static final long ACK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

  private static final VarHandle ENDING;
  private static final VarHandle DISCONNECTED;
  private static final VarHandle ITEMS;
  private static final VarHandle GROUP_NAMES;
  private static final VarHandle OPEN_CALLS;
  private static final VarHandle SENT_SINCE_TICK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<HubConnectionContext> self = HubConnectionContext.class;
      ENDING = lookup.findVarHandle(self, "ending", boolean.class);
      DISCONNECTED = lookup.findVarHandle(self, "disconnected", boolean.class);
      ITEMS = lookup.findVarHandle(self, "items", ConcurrentMap.class);
      GROUP_NAMES = lookup.findVarHandle(self, "groupNames", Set.class);
      OPEN_CALLS = lookup.findVarHandle(self, "openCalls", OpenCalls.class);
      SENT_SINCE_TICK = lookup.findVarHandle(self, "sentSinceTick", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Connection connection;
  private final HubEndpointRuntime endpoint;
  private final String userIdentifier;
  // Only ever go from false to true; ENDING and DISCONNECTED compare-and-set them.
  private volatile boolean ending; // the end began: nothing more is read or sent
  private volatile boolean disconnected; // onDisconnected was started

  // Created on first use, through their VarHandles (compare-and-exchange); null until then.
  private volatile ConcurrentMap<Object, Object> items;
  private volatile Set<String> groupNames;
  private volatile OpenCalls openCalls; // streams, uploads and client results in flight

  private final InboundDrain inbound;
  private final InvocationSlots slots;

  private volatile HubProtocol protocol; // set once the handshake succeeded
  private volatile boolean statefulReconnect; // set once, by a handshake that agreed on it
  private volatile boolean inLifecycleCallback; // onConnected or onDisconnected is running
  private volatile boolean clientPinged;
  private volatile long lastReceivedNanos;
  // Keep-alive only needs to know whether anything went out between two ticks, so a send just
  // sets this flag (opaque, through SENT_SINCE_TICK) and the tick takes it: a broadcast then
  // costs no clock read and no fenced store per recipient.
  private boolean sentSinceTick;
  // Owned by the timer (tick): no later than the last send, so pings are never later than due.
  private long lastSentNanos;
  private long lastAckNanos; // owned by the timer (tick)
  private volatile Throwable endError; // why the server ended the connection
  private final HubObserver observer;
  private final long startedNanos; // when the transport connected, for the observer

  HubConnectionContext(Connection connection, HubEndpointRuntime endpoint) {
    this.connection = connection;
    this.endpoint = endpoint;
    this.observer = endpoint.observer();
    this.startedNanos = System.nanoTime();
    Principal user = connection.user();
    this.userIdentifier = user == null ? null : endpoint.options().userIdProvider().userId(user);
    this.lastReceivedNanos = System.nanoTime();
    this.lastSentNanos = lastReceivedNanos;
    this.lastAckNanos = lastReceivedNanos - ACK_INTERVAL_NANOS; // nanoTime may be negative
    this.inbound = new InboundDrain(this, endpoint);
    this.slots = new InvocationSlots(endpoint.options().maximumParallelInvocationsPerClient());
  }

  // ---- HubCallerContext

  @Override
  public String connectionId() {
    return connection.id();
  }

  @Override
  public String userIdentifier() {
    return userIdentifier;
  }

  @Override
  public Principal user() {
    return connection.user();
  }

  @Override
  public ConnectionRequest request() {
    return connection.request();
  }

  @Override
  public ConcurrentMap<Object, Object> items() {
    ConcurrentMap<Object, Object> map = items;
    return map != null ? map : createOnce(ITEMS, new ConcurrentHashMap<>());
  }

  @Override
  public void abort() {
    end(CloseMessage.EMPTY, null); // no stateful reconnect after this either, as in ASP.NET Core
  }

  /** The hub's clients as seen from this connection, for one hub instance. */
  DefaultHubCallerClients clients() {
    return new DefaultHubCallerClients(
        endpoint.lifetimeManager(), endpoint.options().clientResultTimeout(), this);
  }

  /** Whether {@code onConnected} or {@code onDisconnected} is running. */
  boolean isInLifecycleCallback() {
    return inLifecycleCallback;
  }

  int maximumParallelInvocations() {
    return endpoint.options().maximumParallelInvocationsPerClient();
  }

  /** The groups this connection is in (a live view; empty before it joined any). */
  Set<String> groupNames() {
    Set<String> names = groupNames;
    return names != null ? names : Set.of();
  }

  void addGroupName(String groupName) {
    Set<String> names = groupNames;
    if (names == null) {
      names = createOnce(GROUP_NAMES, ConcurrentHashMap.newKeySet());
    }
    names.add(groupName);
  }

  void removeGroupName(String groupName) {
    Set<String> names = groupNames;
    if (names != null) {
      names.remove(groupName);
    }
  }

  boolean isOpen() {
    return !ending;
  }

  /** The protocol the handshake chose, or {@code null} before it completed. */
  HubProtocol protocol() {
    return protocol;
  }

  /** Bytes arrived: the client is alive. */
  void received() {
    lastReceivedNanos = System.nanoTime();
  }

  /** Installs {@code created} in the null field {@code field}, or returns what a racer put there. */
  @SuppressWarnings("unchecked")
  private <T> T createOnce(VarHandle field, T created) {
    Object witness = field.compareAndExchange(this, null, created);
    return witness == null ? created : (T) witness;
  }

  /** Sets the flag {@code field}; {@code false} if it was already set. */
  private boolean setOnce(VarHandle field) {
    return field.compareAndSet(this, false, true);
  }

  // ---- invocation slots, streams and client results (used by the dispatcher)

  /** The {@code maximumParallelInvocationsPerClient} slots of this connection. */
  InvocationSlots slots() {
    return slots;
  }

  /**
   * What this connection has in flight, as far as anything ever was: a client's Completion or
   * Cancel for an id the server never issued finds nothing, without creating the holder.
   */
  OpenCalls openCallsIfAny() {
    OpenCalls calls = openCalls;
    return calls != null ? calls : OpenCalls.NONE;
  }

  /** This connection's streams, uploads and awaited client results, created on first use. */
  OpenCalls openCalls() {
    OpenCalls calls = openCalls;
    return calls != null ? calls : createOnce(OPEN_CALLS, new OpenCalls());
  }

  /**
   * Awaits the client's Completion for {@code invocationId}.
   *
   * @return {@code false} when {@code maximumPendingClientResults} are awaited already: then
   *     {@code pending} has failed, and the invocation must not be sent
   */
  boolean expectResult(String invocationId, PendingResult pending) {
    OpenCalls calls = openCalls();
    int limit = endpoint.options().maximumPendingClientResults();
    if (!calls.expectResult(invocationId, pending, limit)) {
      pending.fail(new IllegalStateException("Connection '" + connectionId() + "' already awaits "
          + limit + " client results, the most maximumPendingClientResults allows."));
      return false;
    }
    if (ending) {
      calls.failPendingResults(connectionId()); // it ended meanwhile; nothing will answer
    }
    return true;
  }

  /** Marks {@code onConnected}/{@code onDisconnected} running, where client results are refused. */
  void inLifecycleCallback(boolean value) {
    inLifecycleCallback = value;
  }

  boolean isWritable() {
    return connection.isWritable();
  }

  void whenWritable(Runnable action) {
    connection.whenWritable(action);
  }

  // ---- outbound

  /**
   * Queues a message; dropped before the handshake completed or after the end began. Messages
   * for audiences are invocations (or bytes of them from another node), which are trackable.
   *
   * <p>Bytes from another node come in the protocols that node could write the message in; a
   * message without this connection's protocol among them is dropped for this connection, with
   * a warning, and the caller goes on to the other recipients, whom it can still reach.
   *
   * @throws RuntimeException when this connection's protocol cannot write a message made on this
   *     node: the sender learns that its send failed
   */
  void write(SerializedHubMessage message) {
    HubProtocol current = protocol;
    if (current != null && !ending) {
      HubMessage original = message.message();
      OutboundPayload payload;
      try {
        payload = message.payload(current);
      } catch (IllegalStateException e) {
        if (original != null) {
          throw e;
        }
        warnings.warn("A message from another node was not delivered: that node did not write"
            + " it in the connection's protocol",
            "connection " + connection.id() + " ('" + current.name() + "')");
        return;
      }
      markSent();
      observer.messageSent(payload.size());
      if (original == null || ReceivedSequence.isTrackable(original)) {
        connection.sendTrackable(payload);
      } else {
        connection.send(payload);
      }
    }
  }

  /**
   * Serialises and queues a message for this connection only.
   *
   * @throws RuntimeException when the message cannot be serialised
   */
  void writeNow(HubMessage message) {
    HubProtocol current = protocol;
    if (current != null && !ending) {
      OutboundPayload payload = new OutboundPayload(current.writeMessage(message));
      markSent();
      observer.messageSent(payload.size());
      if (ReceivedSequence.isTrackable(message)) {
        connection.sendTrackable(payload);
      } else {
        connection.send(payload);
      }
    }
  }

  /** Queues a message the protocol never tracks (a ping, an acknowledgement). */
  private void send(OutboundPayload payload) {
    markSent();
    observer.messageSent(payload.size());
    connection.send(payload);
  }

  private void markSent() {
    if (!(boolean) SENT_SINCE_TICK.getOpaque(this)) { // most sends find it set: skip the store
      SENT_SINCE_TICK.setOpaque(this, true);
    }
  }

  // ---- inbound (transport thread)

  @Override
  public void onReceive(ByteBuffer data) {
    observer.bytesReceived(data.remaining());
    inbound.receive(data, Integer.MAX_VALUE);
  }

  @Override
  public void onReceive(ByteBuffer data, int attachment) {
    observer.bytesReceived(data.remaining());
    inbound.receive(data, attachment);
  }

  @Override
  public void onReattached(int attachment) {
    inbound.reattached(attachment);
    lastReceivedNanos = System.nanoTime(); // the client timeout starts over
    log.debug("Connection {} resumed; waiting for its Sequence", connection.id());
  }

  /**
   * Reads the handshake, on the drain; returns whether it succeeded (and messages may follow).
   */
  boolean handshake() {
    HandshakeRequest request;
    try {
      request = inbound.readHandshake();
    } catch (MessageTooLargeException e) {
      failHandshake(ErrorMessages.HANDSHAKE_CANCELED, e);
      return false;
    } catch (InvalidMessageException e) {
      failHandshake(ErrorMessages.withDetail(ErrorMessages.HANDSHAKE_FAILED, e,
          endpoint.options().enableDetailedErrors()), e);
      return false;
    }
    if (request == null) {
      return false;
    }
    HubProtocol chosen;
    try {
      chosen = endpoint.protocolFor(request, connection.transportType());
    } catch (IllegalArgumentException refused) {
      failHandshake(refused.getMessage(), null);
      return false;
    }
    // Before the answer, so that a binary protocol's client gets even that in a binary message.
    connection.transferFormat(chosen.transferFormat());
    agreeOnStatefulReconnect(request, chosen);
    // The handshake response and what onConnected sends (a Close, if it throws) leave together.
    connection.cork();
    CompletionStage<Void> reachable = null;
    try {
      connection.send(
          new OutboundPayload(HandshakeProtocol.writeResponse(HandshakeResponse.SUCCESS)));
      markSent();
      protocol = chosen;
      if (log.isDebugEnabled()) {
        // What an operator needs to follow a connection; never a token or message content.
        log.debug("Connection {} started: {}, {} v{}, user {}, from {}", connection.id(),
            connection.transportType(), request.protocol(), request.version(),
            userIdentifier == null ? "(anonymous)" : userIdentifier, remoteAddress());
      }
      reachable = endpoint.localManager().onConnected(this);
      Throwable failure = endpoint.dispatcher().runOnConnected(this);
      if (ending) {
        // The transport ended meanwhile, and onClosed may have looked before the protocol was set
        // (and skipped the disconnect) or before the registration (and removed nothing).
        if (!disconnect(null)) {
          endpoint.localManager().onDisconnected(this);
        }
        return false;
      }
      if (failure != null) {
        boolean detailed = endpoint.options().enableDetailedErrors();
        end(new CloseMessage(ErrorMessages.connectionClosed(failure, detailed), false), failure);
        return false;
      }
      return true;
    } finally {
      // With a scale-out, the answer leaves once other nodes' sends reach the connection: a
      // client may be sent to from anywhere as soon as it is told it is connected. What is sent
      // to it meanwhile waits behind the answer.
      if (reachable == null) {
        connection.uncork();
      } else {
        reachable.whenComplete((ignored, error) -> connection.uncork());
      }
    }
  }

  /**
   * Turns stateful reconnect on if negotiate granted it and the handshake's version has it (2
   * and later); off otherwise, silently, as ASP.NET Core does for a version-1 client. Before the
   * handshake answer, so that everything trackable after it is numbered.
   */
  private void agreeOnStatefulReconnect(HandshakeRequest request, HubProtocol chosen) {
    if (!connection.statefulReconnect().isGranted()) {
      return;
    }
    if (request.version() >= 2 && connection.statefulReconnect().enable(
        id -> new OutboundPayload(chosen.writeMessage(new SequenceMessage(id))))) {
      inbound.trackSequence();
      statefulReconnect = true;
      log.debug("Connection {} uses stateful reconnect", connection.id());
    } else {
      connection.statefulReconnect().disable();
      log.debug("Connection {} does not use stateful reconnect: handshake version {}",
          connection.id(), request.version());
    }
  }

  private void failHandshake(String error, Throwable cause) {
    // With detailed errors, the error quotes the parser, which quotes the bytes: not logged.
    log.debug("Connection {} failed its handshake: {}", connection.id(),
        cause == null ? error : LoggedFailures.classes(cause));
    if (setOnce(ENDING)) {
      endError = cause;
      connection.send(new OutboundPayload(
          HandshakeProtocol.writeResponse(new HandshakeResponse(error))));
      connection.close(null);
    }
  }

  // ---- messages that affect the session

  /** Called by the dispatcher for every Ping: arms the client timeout, as ASP.NET Core does. */
  void onPing() {
    clientPinged = true;
  }

  /**
   * Called by the dispatcher for a Close from the client: the connection ends without an answer
   * (the client has stopped listening), and its transport is left to the client to close.
   */
  void onClientClose(CloseMessage close) {
    if (!setOnce(ENDING)) {
      return;
    }
    endError = close.error() == null ? null : new HubException(close.error());
    inbound.clear();
    connection.statefulReconnect().disable(); // the client is leaving: no coming back
    connection.closeAfterPeer(CLIENT_CLOSE_GRACE);
  }

  /** Called by the dispatcher for every Ack: the client has what it acknowledges. */
  void onAck(AckMessage ack) {
    connection.statefulReconnect().acknowledge(ack.sequenceId());
  }

  // ---- timers

  /**
   * Called about once a second by the shared timer.
   *
   * @param previousTickNanos when the timer last ticked, {@link Long#MIN_VALUE} the first time
   */
  void tick(long nowNanos, long previousTickNanos) {
    if ((boolean) SENT_SINCE_TICK.getAndSet(this, false)) {
      // Something went out since the previous tick: count it as sent right after that tick.
      lastSentNanos = Math.max(lastSentNanos, previousTickNanos);
    }
    if (ending) {
      return;
    }
    HubProtocol current = protocol;
    if (current == null) {
      if (nowNanos - connection.createdNanos() > endpoint.options().handshakeTimeout().toNanos()) {
        failHandshake(ErrorMessages.HANDSHAKE_CANCELED, null);
      }
      return;
    }
    if (connection.hasInherentKeepAlive() || connection.statefulReconnect().isDetached()) {
      return; // long polling; or the client is away, and gets nothing until it is back
    }
    if (statefulReconnect && nowNanos - lastAckNanos >= ACK_INTERVAL_NANOS) {
      AckMessage ack = inbound.takeAck();
      if (ack != null) {
        lastAckNanos = nowNanos;
        send(new OutboundPayload(current.writeMessage(ack)));
      }
    }
    // Arrival time, not dispatch time, counts: a client waiting for a slow hub method still pings.
    if (clientPinged
        && nowNanos - lastReceivedNanos > endpoint.options().clientTimeoutInterval().toNanos()) {
      log.debug("Connection {} timed out", connection.id());
      end(errorClose(new ClientTimeoutException(), true), new ClientTimeoutException());
      return;
    }
    if (nowNanos - lastSentNanos >= endpoint.options().keepAliveInterval().toNanos()) {
      send(endpoint.pingPayload(current));
    }
  }

  // ---- the end

  private CloseMessage errorClose(Throwable cause, boolean allowReconnect) {
    return new CloseMessage(
        ErrorMessages.connectionClosed(cause, endpoint.options().enableDetailedErrors()),
        allowReconnect);
  }

  /**
   * Ends the connection from the server side: sends {@code close} (once the handshake is done) and
   * closes the transport after it. Idempotent.
   *
   * @param cause what {@code onDisconnected} receives, {@code null} for a normal end
   */
  void end(CloseMessage close, Throwable cause) {
    if (!setOnce(ENDING)) {
      return;
    }
    endError = cause;
    inbound.clear();
    connection.statefulReconnect().disable(); // ended by the server: for good
    HubProtocol current = protocol;
    if (current != null) {
      connection.send(new OutboundPayload(current.writeMessage(close)));
    }
    // The Close message carries the error; the transport itself ends normally (WebSocket 1000),
    // as in ASP.NET Core, so clients report the Close message's text rather than a socket error.
    connection.close(null);
  }

  /** Ends the connection after {@code cause}, with a Close that allows reconnecting. */
  void endWithError(Throwable cause) {
    end(errorClose(cause, true), cause);
  }

  /**
   * Ends the connection whose client sent more than {@code maximumInboundBufferSize}: the Close
   * says why, {@code onDisconnected} gets no error.
   */
  void endForInboundOverflow() {
    end(errorClose(new InvalidMessageException("The inbound buffer is full."), true), null);
  }

  @Override
  public void onClosed(Throwable transportError) {
    ending = true;
    inbound.clear();
    endpoint.forget(this, transportError);
    OpenCalls calls = openCalls;
    if (calls != null) {
      calls.endAll(connection.id());
    }
    disconnect(transportError);
  }

  /**
   * Leaves the lifetime manager and runs {@code onDisconnected}, once, if the handshake got as
   * far as setting the protocol.
   *
   * @return whether this call did it
   */
  private boolean disconnect(Throwable transportError) {
    if (protocol == null || !setOnce(DISCONNECTED)) {
      return false;
    }
    endpoint.localManager().onDisconnected(this);
    Throwable error = endError != null ? endError : transportError;
    try {
      endpoint.executor().execute(() -> withLogContext(
          () -> endpoint.dispatcher().runOnDisconnected(this, error)));
    } catch (RejectedExecutionException e) {
      warnings.warn("onDisconnected was not run: the hub executor is shut down",
          "connection " + connection.id());
    }
    return true;
  }

  /**
   * Runs {@code action} with this connection's id in the logging context ({@code MDC} key
   * {@value #MDC_CONNECTION_ID}), as the drain does, for work it hands to another thread.
   */
  void withLogContext(Runnable action) {
    MDC.put(MDC_CONNECTION_ID, connection.id());
    try {
      action.run();
    } finally {
      MDC.remove(MDC_CONNECTION_ID);
    }
  }

  // ---- for the observer

  /** The transport the connection uses. */
  TransportType transportType() {
    return connection.transportType();
  }

  /** When the transport connected ({@link System#nanoTime()} terms). */
  long startedNanos() {
    return startedNanos;
  }

  /** The bytes queued for this connection and not yet handed to the network. */
  long queuedBytes() {
    return connection.queuedBytes();
  }

  /** The client's address and port, for logs; {@code unknown} without a request. */
  String remoteAddress() {
    ConnectionRequest request = connection.request();
    return request == null ? "unknown" : request.remoteAddress() + ":" + request.remotePort();
  }

  /** Whether the server ended the connection because its client stopped talking. */
  boolean timedOut() {
    return endError instanceof ClientTimeoutException;
  }

  /** What this hub's observers learn. */
  HubObserver observer() {
    return observer;
  }

  /** Timed out waiting for the client; the text matches ASP.NET Core's. */
  static final class ClientTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    ClientTimeoutException() {
      super("Client hasn't sent a message/ping within the configured ClientTimeoutInterval.");
    }
  }
}
