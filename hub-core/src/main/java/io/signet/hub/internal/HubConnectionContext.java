package io.signet.hub.internal;

import io.signet.connection.Connection;
import io.signet.connection.ConnectionListener;
import io.signet.connection.OutboundPayload;
import io.signet.connection.internal.WarningLimiter;
import io.signet.hub.HubCallerContext;
import io.signet.hub.HubException;
import io.signet.hub.scaleout.SerializedHubMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.HandshakeProtocol;
import io.signet.protocol.HandshakeRequest;
import io.signet.protocol.HandshakeResponse;
import io.signet.protocol.HubMessage;
import io.signet.protocol.HubProtocol;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.MessageTooLargeException;
import io.signet.protocol.PingMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub protocol session of one connection: handshake, ordered dispatch of its messages,
 * keep-alive pings, client timeout, and its end.
 *
 * <p>Inbound bytes are appended on the transport thread and processed by at most one drain at a
 * time, which parses and dispatches in order. The drain starts on the transport thread and hands
 * itself to the hub executor before the handshake and before the first message that may block
 * (see {@link HubDispatcher#runsInline}). A hub method that returns an incomplete
 * {@code CompletionStage} pauses the drain until it completes, so calls from one client run one
 * at a time. No lock is held while user code runs or bytes are written.
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

  // The inbound buffer is also the lock for itself and the fields marked "guarded by inbound".
  private final InboundBuffer inbound = new InboundBuffer();
  private boolean drainActive; // guarded by inbound: a drain is queued, running, or waiting

  // Owned by the drain (one task at a time): the batch being dispatched, and the next in it.
  private List<HubMessage> parsed;
  private int parsedNext;
  private InvalidMessageException parseFailure;

  // Guarded by inbound: invocations running, and the gate the drain waits on when all
  // maximumParallelInvocationsPerClient slots are taken.
  private int activeInvocations;
  private CompletableFuture<Void> slotGate;

  private volatile HubProtocol protocol; // set once the handshake succeeded
  private volatile boolean inLifecycleCallback; // onConnected or onDisconnected is running
  private volatile boolean clientPinged;
  private volatile long lastReceivedNanos;
  // Keep-alive only needs to know whether anything went out between two ticks, so a send just
  // sets this flag (opaque, through SENT_SINCE_TICK) and the tick takes it: a broadcast then
  // costs no clock read and no fenced store per recipient.
  private boolean sentSinceTick;
  // Owned by the timer (tick): no later than the last send, so pings are never later than due.
  private long lastSentNanos;
  private volatile Throwable endError; // why the server ended the connection

  HubConnectionContext(Connection connection, HubEndpointRuntime endpoint) {
    this.connection = connection;
    this.endpoint = endpoint;
    Principal user = connection.user();
    this.userIdentifier = user == null ? null : endpoint.options().userIdProvider().userId(user);
    this.lastReceivedNanos = System.nanoTime();
    this.lastSentNanos = lastReceivedNanos;
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
  public ConcurrentMap<Object, Object> items() {
    ConcurrentMap<Object, Object> map = items;
    return map != null ? map : createOnce(ITEMS, new ConcurrentHashMap<>());
  }

  @Override
  public void abort() {
    end(CloseMessage.EMPTY, null);
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

  /**
   * A gate to wait on before the next invocation, when every one of the
   * {@code maximumParallelInvocationsPerClient} slots is taken; {@code null} when one is free.
   * As in ASP.NET Core, only the next invocation waits: until it arrives, reading goes on, so
   * cancels, stream items, client results and pings are still handled while calls run.
   */
  private CompletableFuture<Void> slotGateIfFull() {
    synchronized (inbound) {
      if (activeInvocations < endpoint.options().maximumParallelInvocationsPerClient()) {
        return null;
      }
      if (slotGate == null) {
        slotGate = new CompletableFuture<>();
      }
      return slotGate;
    }
  }

  /** Counts {@code invocation} against the invocation slots until it completes. */
  void occupySlot(CompletionStage<?> invocation) {
    if (invocation.toCompletableFuture().isDone()) {
      return; // it ran on this thread and is over: the slot is free again
    }
    synchronized (inbound) {
      activeInvocations++;
    }
    invocation.whenComplete((ignored, failure) -> {
      CompletableFuture<Void> freed;
      synchronized (inbound) {
        activeInvocations--;
        freed = slotGate;
        slotGate = null;
      }
      if (freed != null) {
        freed.complete(null);
      }
    });
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

  /** Queues a message; dropped before the handshake completed or after the end began. */
  void write(SerializedHubMessage message) {
    HubProtocol current = protocol;
    if (current != null && !ending) {
      send(message.payload(current));
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
      send(new OutboundPayload(current.writeMessage(message)));
    }
  }

  private void send(OutboundPayload payload) {
    markSent();
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
    boolean overflow = false;
    boolean start = false;
    synchronized (inbound) {
      if (ending) {
        return;
      }
      if (inbound.size() + (long) data.remaining() > endpoint.options().maximumInboundBufferSize()) {
        overflow = true;
      } else {
        lastReceivedNanos = System.nanoTime();
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
          "connection " + connection.id());
      end(errorClose(new InvalidMessageException("The inbound buffer is full."), true), null);
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

  private void scheduleDrain() {
    try {
      endpoint.executor().execute(() -> drain(false));
    } catch (RejectedExecutionException e) {
      warnings.warn("Closing a connection: the hub executor is saturated",
          "connection " + connection.id());
      end(errorClose(e, true), e);
    }
  }

  // ---- the drain (one at a time: drainActive is set while one is queued, runs or waits)

  /**
   * Parses and dispatches what the client sent, in order.
   *
   * @param inline whether this runs on the transport thread that received the bytes; it then
   *     hands over to the hub executor before the handshake (onConnected is application code)
   *     and before the first message that may not {@linkplain HubDispatcher#runsInline run
   *     inline}
   */
  private void drain(boolean inline) {
    MDC.put(MDC_CONNECTION_ID, connection.id());
    try {
      while (true) {
        if (inline && protocol == null) {
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
          gate = slotGateIfFull();
          if (gate != null) {
            parsedNext--; // put it back: dispatched once a slot frees
          }
        }
        if (gate == null) {
          gate = endpoint.dispatcher().dispatch(this, next);
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
      log.error("Unexpected failure processing connection {}", connection.id(), e);
      end(errorClose(e, true), e);
    } finally {
      MDC.remove(MDC_CONNECTION_ID);
    }
  }

  /** The next message to dispatch, parsing more input as needed; {@code null} ends the drain. */
  private HubMessage nextMessage() {
    while (true) {
      if (ending) {
        return null; // what was read before the end is dropped with the rest: no call after it
      }
      if (parsed != null) {
        if (parsedNext < parsed.size()) {
          return parsed.get(parsedNext++);
        }
        parsed = null;
      }
      if (parseFailure != null) {
        // Messages before the malformed one were dispatched; now the connection ends.
        protocolError(parseFailure);
        return null;
      }
      if (protocol == null) {
        if (!handshake()) {
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
            parseFailure = e;
          }
          inbound.compact();
        }
        if (batch.isEmpty() && parseFailure == null) {
          drainActive = false;
          return null;
        }
      }
      if (!batch.isEmpty()) {
        parsed = batch;
        parsedNext = 0;
      }
    }
  }

  private void protocolError(InvalidMessageException failure) {
    if (failure instanceof MessageTooLargeException) {
      // Not the exception's text: that is ASP.NET's, for clients, and names its AddHubOptions.
      warnings.warn("Closing a connection: it sent a message larger than "
          + "HubOptions.maximumReceiveMessageSize (" + endpoint.options().maximumReceiveMessageSize()
          + " bytes)", "connection " + connection.id());
    } else {
      log.debug("Closing connection {}: invalid message", connection.id(), failure);
    }
    end(errorClose(failure, true), failure);
  }

  /** Reads the handshake; returns whether it succeeded (and messages may follow). */
  private boolean handshake() {
    HandshakeRequest request;
    synchronized (inbound) {
      try {
        request = HandshakeProtocol.parseRequest(
            inbound.readable(), endpoint.options().maximumReceiveMessageSize());
      } catch (MessageTooLargeException e) {
        request = null;
        failHandshake(ErrorMessages.HANDSHAKE_CANCELED, e);
        return false;
      } catch (InvalidMessageException e) {
        failHandshake(ErrorMessages.withDetail(ErrorMessages.HANDSHAKE_FAILED, e,
            endpoint.options().enableDetailedErrors()), e);
        return false;
      }
      inbound.compact();
      if (request == null) {
        drainActive = false;
        return false;
      }
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
    // The handshake response and what onConnected sends (a Close, if it throws) leave together.
    connection.cork();
    try {
      connection.send(
          new OutboundPayload(HandshakeProtocol.writeResponse(HandshakeResponse.SUCCESS)));
      markSent();
      protocol = chosen;
      log.debug("Connection {} completed its handshake ({} v{})",
          connection.id(), request.protocol(), request.version());
      endpoint.localManager().onConnected(this);
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
      connection.uncork();
    }
  }

  private void failHandshake(String error, Throwable cause) {
    log.debug("Connection {} failed its handshake: {}", connection.id(), error, cause);
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
    synchronized (inbound) {
      inbound.clear();
    }
    connection.closeAfterPeer(CLIENT_CLOSE_GRACE);
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
    if (connection.hasInherentKeepAlive()) {
      return;
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
    synchronized (inbound) {
      inbound.clear();
    }
    HubProtocol current = protocol;
    if (current != null) {
      connection.send(new OutboundPayload(current.writeMessage(close)));
    }
    // The Close message carries the error; the transport itself ends normally (WebSocket 1000),
    // as in ASP.NET Core, so clients report the Close message's text rather than a socket error.
    connection.close(null);
  }

  @Override
  public void onClosed(Throwable transportError) {
    ending = true;
    synchronized (inbound) {
      inbound.clear();
    }
    endpoint.forget(this);
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
      endpoint.executor().execute(() -> endpoint.dispatcher().runOnDisconnected(this, error));
    } catch (RejectedExecutionException e) {
      warnings.warn("onDisconnected was not run: the hub executor is shut down",
          "connection " + connection.id());
    }
    return true;
  }

  /** Timed out waiting for the client; the text matches ASP.NET Core's. */
  static final class ClientTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    ClientTimeoutException() {
      super("Client hasn't sent a message/ping within the configured ClientTimeoutInterval.");
    }
  }
}
