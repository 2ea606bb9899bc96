package io.signet.client;

/** A handler or listener added to a {@link HubConnection}; {@link #remove()} takes it off. */
@FunctionalInterface
public interface Registration {
  /** Removes the handler or listener; later calls do nothing. */
  void remove();
}
