package io.signet.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The base class of hubs. Each public method of a subclass is a hub method that clients call by
 * name, matched case-insensitively ({@link HubMethodName} renames one, {@link HubIgnore} hides
 * one). Overloads are rejected when the hub is registered.
 *
 * <p>A new instance serves each call (each invocation, {@link #onConnected()} and
 * {@link #onDisconnected(Throwable)}), as in ASP.NET Core SignalR, so keep state in
 * {@link HubCallerContext#items()}, in groups, or in the application's own services. Hub methods
 * run on the hub executor, never on a container I/O thread; calls from one connection run one at
 * a time, in order.
 *
 * <p>A hub method may return a value, {@code void}, or a {@code CompletionStage} whose value is
 * sent when it completes. Throw {@link HubException} to send a message to the caller.
 *
 * <p>An instance serves one call only: a factory that returns an instance already used (a
 * singleton, or a pooled instance) makes the call fail, naming the hub class.
 */
public abstract class Hub {
  private static final VarHandle ATTACHED;

  static {
    try {
      ATTACHED = MethodHandles.lookup().findVarHandle(Hub.class, "attached", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    HubAttacher.install(Hub::attach);
  }

  // Goes from false to true once, by compare-and-set: whichever call gets the instance first.
  private volatile boolean attached;
  private HubCallerContext context;
  private HubCallerClients clients;
  private Groups groups;
  private Presence presence;

  /** {@return the connection this call runs for} */
  protected final HubCallerContext context() {
    return requireAttached(context);
  }

  /** {@return recipients for messages to clients, including the caller} */
  protected final HubCallerClients clients() {
    return requireAttached(clients);
  }

  /** {@return the hub's group membership} */
  protected final Groups groups() {
    return requireAttached(groups);
  }

  /**
   * Who is connected to this hub: group members, a user's connections, whether a user is online
   * (across every node with a scale-out).
   *
   * @return the hub's presence
   */
  protected final Presence presence() {
    return requireAttached(presence);
  }

  /**
   * Runs once when a connection has completed its handshake, before any of its messages is
   * dispatched. Throwing ends the connection with an error (without a reconnect hint).
   *
   * @throws Exception anything, which ends the connection
   */
  public void onConnected() throws Exception {}

  /**
   * Runs once when a connection ends, after it left its groups.
   *
   * @param error why it ended, or {@code null} for a normal close
   * @throws Exception anything, which is logged
   */
  public void onDisconnected(Throwable error) throws Exception {}

  /**
   * Gives this instance its connection, once. Called by the dispatcher before the instance's one
   * use; applications never call it.
   *
   * @return {@code false}, attaching nothing, when the instance was attached before
   */
  final boolean attach(HubCallerContext context, HubCallerClients clients, Groups groups,
      Presence presence) {
    if (!ATTACHED.compareAndSet(this, false, true)) {
      return false;
    }
    this.context = Objects.requireNonNull(context, "context == null");
    this.clients = Objects.requireNonNull(clients, "clients == null");
    this.groups = Objects.requireNonNull(groups, "groups == null");
    this.presence = Objects.requireNonNull(presence, "presence == null");
    return true;
  }

  private static <T> T requireAttached(T value) {
    if (value == null) {
      throw new IllegalStateException(
          "This hub instance is not attached to a connection; hubs are created by Signet.");
    }
    return value;
  }
}
