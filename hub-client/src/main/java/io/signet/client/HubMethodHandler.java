package io.signet.client;

/**
 * Handles the server's call of a client method, with its arguments bound to the types given when
 * it was registered ({@link HubConnection#on(String, HubMethodHandler, java.lang.reflect.Type...)}).
 */
@FunctionalInterface
public interface HubMethodHandler {
  /**
   * Handles one call.
   *
   * @param arguments the arguments, one per registered type, possibly {@code null}s
   * @throws Exception a failure, which is logged; the connection goes on
   */
  void handle(Object[] arguments) throws Exception;
}
