package io.signet.client;

import io.signet.protocol.CancelInvocationMessage;
import io.signet.protocol.CloseMessage;
import io.signet.protocol.CompletionMessage;
import io.signet.protocol.HubMessage;
import io.signet.protocol.InvalidMessageException;
import io.signet.protocol.InvocationMessage;
import io.signet.protocol.StreamInvocationMessage;
import io.signet.protocol.StreamItemMessage;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a SignalR hub, built by {@link HubConnectionBuilder}: call the hub's methods
 * with {@link #invoke}, {@link #send} and {@link #stream}, and handle the server's calls with
 * {@link #on}.
 *
 * <p>Every method may be called from any thread, handlers included, and none blocks: what waits
 * returns a {@link CompletionStage}. Handlers of one connection run one at a time, in the order
 * the server sent its calls, on the callback executor (a shared pool of daemon threads unless the
 * builder was given one); results of {@code invoke} complete on that executor too, but not behind
 * the handlers, so a handler may wait for a call it made.
 *
 * <p>When automatic reconnect is on and the connection is lost, the state goes to {@link
 * HubConnectionState#RECONNECTING}, {@link #onReconnecting} listeners run, calls in flight fail,
 * and new connections are tried as the retry policy says; a new one has a new connection id and is
 * announced to {@link #onReconnected} listeners. Handlers stay registered throughout.
 */
public final class HubConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HubConnection.class);
  private static final String NOT_CONNECTED =
      "Cannot send data if the connection is not in the 'Connected' State.";
  private static final String CANCELED =
      "Invocation canceled due to the underlying connection being closed.";

  private final ConnectionOptions options;
  private final TransportConnector connector;
  private final HandlerRegistry handlers = new HandlerRegistry();
  private final SerialExecutor handlerQueue;
  private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
  /** One counter for invocation and upload stream ids, never reset, as in the JS client. */
  private final AtomicLong ids = new AtomicLong();
  private final List<Consumer<Throwable>> closedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Throwable>> reconnectingListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> reconnectedListeners = new CopyOnWriteArrayList<>();
  private final SessionEvents sessionEvents = new SessionEvents();

  private final Object lock = new Object();
  private HubConnectionState state = HubConnectionState.DISCONNECTED; // guarded by lock
  private Session session; // guarded by lock: the current one, connected or connecting
  private String connectionId; // guarded by lock
  private CompletableFuture<Void> stopped; // guarded by lock: set while stopping
  private ScheduledFuture<?> retryTimer; // guarded by lock
  private long reconnectStart; // guarded by lock
  private long retries; // guarded by lock

  HubConnection(ConnectionOptions options) {
    this.options = options;
    this.connector = new TransportConnector(options.http(), options.transports(),
        options.skipNegotiation());
    this.handlerQueue = new SerialExecutor(options.executor());
  }

  /** {@return where the connection is in its life} */
  public HubConnectionState state() {
    synchronized (lock) {
      return state;
    }
  }

  /**
   * {@return the server's id of the current connection, or {@code null} when not connected or when
   * negotiate was skipped} It changes with every reconnect.
   */
  public String connectionId() {
    synchronized (lock) {
      return connectionId;
    }
  }

  /**
   * Connects: negotiates, connects a transport (falling back in the server's order), and performs
   * the handshake.
   *
   * @return completes once connected; fails with a {@link HubConnectionException} when no
   *     connection could be made, or when {@link #stop()} was called meanwhile
   * @throws IllegalStateException when the connection is not {@link
   *     HubConnectionState#DISCONNECTED}
   */
  public CompletionStage<Void> start() {
    synchronized (lock) {
      if (state != HubConnectionState.DISCONNECTED) {
        throw new IllegalStateException(
            "Cannot start a HubConnection that is not in the 'Disconnected' state.");
      }
      state = HubConnectionState.CONNECTING;
    }
    CompletableFuture<Void> started = new CompletableFuture<>();
    connect().whenComplete((newSession, error) -> {
      CompletableFuture<Void> finishStop = null;
      synchronized (lock) {
        if (error == null && state == HubConnectionState.CONNECTING) {
          state = HubConnectionState.CONNECTED;
          session = newSession;
          connectionId = newSession.transport().connectionId();
        } else {
          if (error == null) {
            newSession.stop(); // stop() was called while connecting
          }
          if (state == HubConnectionState.DISCONNECTING) {
            finishStop = stopped;
            stopped = null;
          }
          state = HubConnectionState.DISCONNECTED;
        }
      }
      if (finishStop != null) {
        finishStop.complete(null);
        started.completeExceptionally(new HubConnectionException(
            "The connection was stopped before the hub handshake could complete."));
      } else if (error != null) {
        started.completeExceptionally(unwrap(error));
      } else {
        newSession.startKeepAlive();
        newSession.reportEndIfEnded(); // it may have ended before it became current
        started.complete(null);
      }
    });
    return started;
  }

  /** Makes a session: transport connected and handshake done. */
  private CompletionStage<Session> connect() {
    Session newSession = new Session(options, connector, sessionEvents);
    return connector.connect(options.url(), options.protocol().transferFormat(),
            options.statefulReconnect(), newSession.receiver())
        .thenCompose(transport -> newSession.handshake(transport)
            .whenComplete((ok, error) -> {
              if (error != null) {
                newSession.stop();
              }
            }))
        .thenApply(ok -> newSession);
  }

  /**
   * Stops the connection: tells the server ({@code Close}), stops the transport, and fails the
   * calls in flight. Stops a reconnect in progress too. Safe to call in any state, more than once.
   *
   * @return completes once disconnected
   */
  public CompletionStage<Void> stop() {
    Session current;
    CompletableFuture<Void> result;
    synchronized (lock) {
      switch (state) {
        case DISCONNECTED:
          return CompletableFuture.completedFuture(null);
        case DISCONNECTING:
          return stopped;
        case RECONNECTING:
          if (retryTimer != null) {
            retryTimer.cancel(false);
          }
          state = HubConnectionState.DISCONNECTED;
          current = session;
          session = null;
          connectionId = null;
          break;
        default: // CONNECTING or CONNECTED
          boolean connected = state == HubConnectionState.CONNECTED;
          state = HubConnectionState.DISCONNECTING;
          stopped = new CompletableFuture<>();
          result = stopped;
          if (connected) {
            Session open = session;
            open.send(CloseMessage.EMPTY) // best effort, as the JS client
                .whenComplete((ok, error) -> open.stop());
          }
          return result;
      }
    }
    // Stopped while reconnecting: nothing is connected; a connecting attempt ends itself.
    if (current != null) {
      current.stop();
    }
    closed(null);
    return CompletableFuture.completedFuture(null);
  }

  /** Stops the connection without waiting; see {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  // ---- Handlers and listeners ----

  /**
   * Handles the server's calls of {@code target} that carry no arguments.
   *
   * @param target the client method's name, matched ignoring case
   * @param handler runs once per call
   * @return removes this handler
   */
  public Registration on(String target, Runnable handler) {
    Objects.requireNonNull(handler, "handler == null");
    return handlers.add(target, new Type[0], (HubMethodHandler) arguments -> handler.run());
  }

  /**
   * Handles the server's calls of {@code target} with one argument.
   *
   * @param <T> the argument's type
   * @param target the client method's name, matched ignoring case
   * @param handler runs once per call, with the argument
   * @param type the argument's type
   * @return removes this handler
   */
  // An implicitly typed lambda with one Class picks this method, and with a Type or several
  // Classes the general one below: the overloads cannot be confused in use.
  @SuppressWarnings({"unchecked", "overloads"})
  public <T> Registration on(String target, Consumer<T> handler, Class<T> type) {
    Objects.requireNonNull(handler, "handler == null");
    return handlers.add(target, new Type[] {type},
        (HubMethodHandler) arguments -> handler.accept((T) arguments[0]));
  }

  /**
   * Handles the server's calls of {@code target} with two arguments.
   *
   * @param <T1> the first argument's type
   * @param <T2> the second argument's type
   * @param target the client method's name, matched ignoring case
   * @param handler runs once per call, with the arguments
   * @param type1 the first argument's type
   * @param type2 the second argument's type
   * @return removes this handler
   */
  @SuppressWarnings("unchecked")
  public <T1, T2> Registration on(String target, BiConsumer<T1, T2> handler, Class<T1> type1,
      Class<T2> type2) {
    Objects.requireNonNull(handler, "handler == null");
    return handlers.add(target, new Type[] {type1, type2},
        (HubMethodHandler) arguments -> handler.accept((T1) arguments[0], (T2) arguments[1]));
  }

  /**
   * Handles the server's calls of {@code target} with any number of arguments, each bound to its
   * type, generic types included (a {@link java.lang.reflect.ParameterizedType} such as Jackson's
   * {@code TypeReference.getType()}).
   *
   * @param target the client method's name, matched ignoring case
   * @param handler runs once per call, with the arguments
   * @param types one type per argument the server sends
   * @return removes this handler
   */
  @SuppressWarnings("overloads") // see on(String, Consumer, Class)
  public Registration on(String target, HubMethodHandler handler, Type... types) {
    Objects.requireNonNull(handler, "handler == null");
    return handlers.add(target, types, handler);
  }

  /**
   * Answers the server's calls of {@code target} that wait for a result (client results). The
   * handler's return value, or the value of a {@link CompletionStage} it returns, is sent back; a
   * handler that throws sends its message as the error.
   *
   * @param target the client method's name, matched ignoring case
   * @param handler runs once per call, and gives the result
   * @param types one type per argument the server sends
   * @return removes this handler
   */
  public Registration onWithResult(String target, ClientResultHandler handler, Type... types) {
    Objects.requireNonNull(handler, "handler == null");
    return handlers.add(target, types, handler);
  }

  /**
   * Removes every handler of {@code target}.
   *
   * @param target the client method's name, matched ignoring case
   */
  public void remove(String target) {
    handlers.removeAll(target);
  }

  /**
   * Runs {@code listener} when the connection has closed for good: after {@link #stop()} (with
   * {@code null}), or when it was lost and no reconnect followed or the reconnects gave up (with
   * the error).
   *
   * @param listener gets the error, or {@code null}
   * @return removes the listener
   */
  public Registration onClosed(Consumer<Throwable> listener) {
    return listen(closedListeners, listener);
  }

  /**
   * Runs {@code listener} when the connection was lost and automatic reconnect begins, with the
   * error that ended it ({@code null} for a clean end that allowed reconnecting).
   *
   * @param listener gets the error, or {@code null}
   * @return removes the listener
   */
  public Registration onReconnecting(Consumer<Throwable> listener) {
    return listen(reconnectingListeners, listener);
  }

  /**
   * Runs {@code listener} when automatic reconnect made a new connection, with its connection id.
   *
   * @param listener gets the new connection id
   * @return removes the listener
   */
  public Registration onReconnected(Consumer<String> listener) {
    return listen(reconnectedListeners, listener);
  }

  private static <T> Registration listen(List<T> listeners, T listener) {
    Objects.requireNonNull(listener, "listener == null");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ---- Calls ----

  /**
   * Calls hub method {@code method} and waits for its result. Arguments that are {@link
   * Flow.Publisher}s are streamed to the server.
   *
   * @param <T> the result's type
   * @param resultType the result's type
   * @param method the hub method's name
   * @param arguments its arguments
   * @return completes with the result; fails with a {@link HubException} carrying the server's
   *     error, or with the error that ended the connection
   */
  public <T> CompletionStage<T> invoke(Class<T> resultType, String method, Object... arguments) {
    return invoke((Type) resultType, method, arguments);
  }

  /**
   * Calls hub method {@code method} and waits for its result, bound to a possibly generic type.
   *
   * @param <T> the result's type
   * @param resultType the result's type, for example a {@link
   *     java.lang.reflect.ParameterizedType}
   * @param method the hub method's name
   * @param arguments its arguments
   * @return completes with the result, or fails as {@link #invoke(Class, String, Object...)}
   */
  public <T> CompletionStage<T> invoke(Type resultType, String method, Object... arguments) {
    Objects.requireNonNull(resultType, "resultType == null");
    Objects.requireNonNull(method, "method == null");
    Uploads.Split split = Uploads.split(arguments, this::nextId);
    String id = nextId();
    InvokeCall<T> call = new InvokeCall<>(resultType, options.executor());
    pending.put(id, call);
    HubMessage message = new InvocationMessage(id, method, split.arguments(), split.streamIds(),
        Map.of());
    CompletionStage<Void> sent = sendNow(message);
    sent.whenComplete((ok, error) -> {
      if (error != null && pending.remove(id) != null) {
        call.fail(unwrap(error));
      }
    });
    split.start(this::sendNow, sent);
    return call.future();
  }

  /**
   * Calls hub method {@code method} that returns nothing, and waits for it to finish.
   *
   * @param method the hub method's name
   * @param arguments its arguments
   * @return completes once the method finished on the server
   */
  public CompletionStage<Void> invoke(String method, Object... arguments) {
    return invoke(Void.class, method, arguments);
  }

  /**
   * Calls hub method {@code method} without waiting for it: the server sends nothing back.
   *
   * @param method the hub method's name
   * @param arguments its arguments
   * @return completes once the call was sent
   */
  public CompletionStage<Void> send(String method, Object... arguments) {
    Objects.requireNonNull(method, "method == null");
    Uploads.Split split = Uploads.split(arguments, this::nextId);
    CompletionStage<Void> sent = sendNow(new InvocationMessage(null, method, split.arguments(),
        split.streamIds(), Map.of()));
    split.start(this::sendNow, sent);
    return sent.thenApply(ok -> null); // a stage of its own, which the caller cannot complete
  }

  /**
   * Calls streaming hub method {@code method}. Nothing is sent until the publisher is subscribed
   * to; cancelling the subscription cancels the stream on the server.
   *
   * @param <T> the items' type
   * @param itemType the items' type
   * @param method the hub method's name
   * @param arguments its arguments
   * @return the items, for one subscriber
   */
  public <T> Flow.Publisher<T> stream(Class<T> itemType, String method, Object... arguments) {
    return stream((Type) itemType, method, arguments);
  }

  /**
   * Calls streaming hub method {@code method}, its items bound to a possibly generic type.
   *
   * @param <T> the items' type
   * @param itemType the items' type, for example a {@link java.lang.reflect.ParameterizedType}
   * @param method the hub method's name
   * @param arguments its arguments
   * @return the items, for one subscriber
   */
  public <T> Flow.Publisher<T> stream(Type itemType, String method, Object... arguments) {
    Objects.requireNonNull(itemType, "itemType == null");
    Objects.requireNonNull(method, "method == null");
    Object[] copy = arguments.clone();
    return new StreamCall<T>(itemType, options.streamBufferCapacity(), options.executor(),
        new StreamCall.Starter() {
          @Override
          public CompletionStage<String> start(PendingCall call) {
            Uploads.Split split = Uploads.split(copy, HubConnection.this::nextId);
            String id = nextId();
            pending.put(id, call);
            CompletionStage<Void> sent = sendNow(new StreamInvocationMessage(id, method,
                split.arguments(), split.streamIds(), Map.of()));
            split.start(HubConnection.this::sendNow, sent);
            return sent.handle((ok, error) -> {
              if (error != null) {
                pending.remove(id);
                throw new java.util.concurrent.CompletionException(unwrap(error));
              }
              return id;
            });
          }

          @Override
          public void cancel(String invocationId) {
            if (pending.remove(invocationId) != null) {
              sendNow(new CancelInvocationMessage(invocationId, Map.of()));
            }
          }
        });
  }

  /**
   * The hub's methods as a Java interface: each method of {@code hubInterface} calls the hub
   * method of the same name. A method returning {@code void} sends; one returning {@code
   * CompletionStage<T>} or {@code CompletableFuture<T>} invokes and completes with the result;
   * one returning {@code Flow.Publisher<T>} streams.
   *
   * <pre>{@code
   * interface ChatHubApi {
   *   CompletionStage<Void> sendMessage(String user, String message);
   *   Flow.Publisher<Integer> counter(int count);
   * }
   * connection.proxy(ChatHubApi.class).sendMessage("ana", "hello");
   * }</pre>
   *
   * @param <T> the interface
   * @param hubInterface the interface
   * @return a proxy calling through this connection
   * @throws IllegalArgumentException naming the method, when {@code hubInterface} is not an
   *     interface or a method returns anything else
   */
  public <T> T proxy(Class<T> hubInterface) {
    Objects.requireNonNull(hubInterface, "hubInterface == null");
    return HubProxy.create(hubInterface, this);
  }

  private String nextId() {
    return Long.toString(ids.getAndIncrement());
  }

  /** Sends on the current session, or fails when not connected. */
  private CompletionStage<Void> sendNow(HubMessage message) {
    Session current;
    synchronized (lock) {
      current = state == HubConnectionState.CONNECTED ? session : null;
    }
    if (current == null) {
      return CompletableFuture.failedFuture(new IllegalStateException(NOT_CONNECTED));
    }
    return current.send(message);
  }

  // ---- What the server sends ----

  private void onMessage(Session from, HubMessage message) {
    if (message instanceof InvocationMessage invocation) {
      handlerQueue.execute(() -> handle(from, invocation));
    } else if (message instanceof StreamItemMessage item) {
      PendingCall call = pending.get(item.invocationId());
      if (call != null) {
        call.onItem(item);
      }
    } else if (message instanceof CompletionMessage completion) {
      PendingCall call = pending.remove(completion.invocationId());
      if (call != null) {
        call.onCompletion(completion);
      }
    } else {
      log.debug("Ignoring a message of type {} from the server", message.type());
    }
  }

  /** Runs the handlers of one server call; on the handler queue. */
  private void handle(Session from, InvocationMessage invocation) {
    List<HandlerRegistry.Entry> entries = handlers.find(invocation.target());
    if (invocation.invocationId() == null) {
      if (entries.isEmpty()) {
        log.warn("No client method with the name '{}' found.", invocation.target());
      }
      for (HandlerRegistry.Entry entry : entries) {
        try {
          Object[] arguments = entry.bind(invocation.arguments());
          if (entry.returnsResult()) {
            ((ClientResultHandler) entry.handler()).handle(arguments);
          } else {
            ((HubMethodHandler) entry.handler()).handle(arguments);
          }
        } catch (InvalidMessageException e) {
          log.warn("The arguments of '{}' could not be bound: {}", invocation.target(),
              e.getMessage());
        } catch (Exception e) {
          log.warn("A handler for '{}' failed", invocation.target(), e);
        }
      }
      return;
    }
    answer(from, invocation, entries);
  }

  /** Runs the handlers of a call that waits for a result, and sends the result back. */
  private void answer(Session from, InvocationMessage invocation,
      List<HandlerRegistry.Entry> entries) {
    String id = invocation.invocationId();
    List<HandlerRegistry.Entry> withResult =
        entries.stream().filter(HandlerRegistry.Entry::returnsResult).toList();
    if (withResult.size() > 1) {
      from.send(CompletionMessage.withError(id, "Client provided multiple results."));
      return;
    }
    if (withResult.isEmpty()) {
      from.send(CompletionMessage.withError(id, "Client didn't provide a result."));
      return;
    }
    Object result;
    try {
      Object[] arguments = withResult.get(0).bind(invocation.arguments());
      result = ((ClientResultHandler) withResult.get(0).handler()).handle(arguments);
    } catch (InvalidMessageException e) {
      from.send(CompletionMessage.withError(id, "Client failed to parse argument(s)."));
      return;
    } catch (Exception e) {
      from.send(CompletionMessage.withError(id, errorText(e)));
      return;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, error) -> from.send(error == null
          ? CompletionMessage.withResult(id, value)
          : CompletionMessage.withError(id, errorText(unwrap(error)))));
    } else {
      from.send(CompletionMessage.withResult(id, result));
    }
  }

  private static String errorText(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.toString();
  }

  // ---- The end of a session ----

  private void onEnded(Session ended, Throwable error, boolean allowReconnect) {
    CompletableFuture<Void> finishStop = null;
    boolean reconnect = false;
    boolean close = false;
    synchronized (lock) {
      if (ended != session) {
        return; // a session that never became current: start() reports its failure
      }
      session = null;
      connectionId = null;
      if (state == HubConnectionState.DISCONNECTING) {
        state = HubConnectionState.DISCONNECTED;
        finishStop = stopped;
        stopped = null;
        error = null;
      } else if (state == HubConnectionState.CONNECTED) {
        if (options.retryPolicy() != null && allowReconnect) {
          state = HubConnectionState.RECONNECTING;
          reconnectStart = System.nanoTime();
          retries = 0;
          reconnect = true;
        } else {
          state = HubConnectionState.DISCONNECTED;
          close = true;
        }
      }
    }
    failPending(error);
    if (finishStop != null) {
      closed(null);
      finishStop.complete(null);
    } else if (close) {
      closed(error);
    } else if (reconnect) {
      Throwable reason = error;
      reconnectingListeners.forEach(listener -> handlerQueue.execute(
          () -> listener.accept(reason)));
      scheduleRetry(error);
    }
  }

  private void failPending(Throwable error) {
    Throwable failure = error != null ? error : new HubConnectionException(CANCELED);
    for (String id : List.copyOf(pending.keySet())) {
      PendingCall call = pending.remove(id);
      if (call != null) {
        call.fail(failure);
      }
    }
  }

  private void closed(Throwable error) {
    closedListeners.forEach(listener -> handlerQueue.execute(() -> listener.accept(error)));
  }

  // ---- Automatic reconnect ----

  private void scheduleRetry(Throwable reason) {
    Duration delay;
    synchronized (lock) {
      if (state != HubConnectionState.RECONNECTING) {
        return;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - reconnectStart);
      delay = options.retryPolicy().nextRetryDelay(
          new RetryPolicy.RetryContext(retries, elapsed, reason));
      if (delay == null) {
        state = HubConnectionState.DISCONNECTED;
      } else {
        retryTimer = ClientThreads.TIMER.schedule(this::retry, delay.toNanos(),
            TimeUnit.NANOSECONDS);
      }
    }
    if (delay == null) {
      log.debug("Reconnect attempts ended", reason);
      closed(reason);
    }
  }

  private void retry() {
    synchronized (lock) {
      if (state != HubConnectionState.RECONNECTING) {
        return;
      }
    }
    connect().whenComplete((newSession, error) -> {
      String id = null;
      synchronized (lock) {
        if (state != HubConnectionState.RECONNECTING) {
          if (newSession != null) {
            newSession.stop(); // stopped meanwhile
          }
          return;
        }
        if (error == null) {
          state = HubConnectionState.CONNECTED;
          session = newSession;
          connectionId = newSession.transport().connectionId();
          id = connectionId;
        } else {
          retries++;
        }
      }
      if (error != null) {
        log.debug("A reconnect attempt failed", error);
        scheduleRetry(unwrap(error));
        return;
      }
      newSession.startKeepAlive();
      newSession.reportEndIfEnded();
      String reconnectedId = id;
      reconnectedListeners.forEach(listener -> handlerQueue.execute(
          () -> listener.accept(reconnectedId)));
    });
  }

  private static Throwable unwrap(Throwable error) {
    while ((error instanceof java.util.concurrent.CompletionException
        || error instanceof java.util.concurrent.ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  /** Receives what the sessions report, keeping these methods off the public API. */
  private final class SessionEvents implements Session.Owner {
    @Override
    public void onMessage(Session session, HubMessage message) {
      HubConnection.this.onMessage(session, message);
    }

    @Override
    public void onEnded(Session session, Throwable error, boolean allowReconnect) {
      HubConnection.this.onEnded(session, error, allowReconnect);
    }
  }
}
