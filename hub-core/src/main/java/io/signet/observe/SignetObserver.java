package io.signet.observe;

/**
 * Observes the hubs of a {@code Signet}: given to {@code Signet.builder().observer(...)}, it is
 * asked once per hub, while Signet is built, for that hub's {@link HubObserver}. Returning a
 * per-hub object lets an implementation resolve its meters or tags once, not on every event.
 *
 * <p>Several observers may be given; each sees every event.
 */
@FunctionalInterface
public interface SignetObserver {

  /**
   * The observer of one hub. Called once per registered hub, while Signet is built.
   *
   * @param hub the hub's name, path and live figures
   * @return the hub's observer, or {@link HubObserver#NONE} to observe nothing of it
   */
  HubObserver hub(ObservedHub hub);
}
