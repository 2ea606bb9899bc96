package io.signet.hub;

import java.util.Objects;

/**
 * The one door through which the dispatcher attaches a connection to a hub instance, so that
 * {@link Hub} needs no public setter. Not for applications.
 */
public final class HubAttacher {

  /** Attaches a hub instance to its connection. */
  @FunctionalInterface
  interface Attach {
    boolean attach(Hub hub, HubCallerContext context, HubCallerClients clients, Groups groups,
        Presence presence);
  }

  private static volatile Attach attach;

  private HubAttacher() {}

  static void install(Attach value) {
    attach = value;
  }

  /**
   * Attaches {@code hub} to a connection. Used by Signet's dispatcher only.
   *
   * @param hub the hub instance of one call
   * @param context the connection the call runs for
   * @param clients the call's recipients
   * @param groups the hub's group membership
   * @param presence the hub's presence
   * @return {@code false}, attaching nothing, when {@code hub} was attached before: it served
   *     another call already, or serves one now
   */
  public static boolean attach(Hub hub, HubCallerContext context, HubCallerClients clients,
      Groups groups, Presence presence) {
    Objects.requireNonNull(hub, "hub == null");
    // Loading Hub (done by instantiating any subclass) runs its static block, which installs the
    // attach function; hub is a live instance here, so attach is set.
    return attach.attach(hub, context, clients, groups, presence);
  }
}
