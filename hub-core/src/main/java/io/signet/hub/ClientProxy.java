package io.signet.hub;

import java.util.concurrent.CompletionStage;

/**
 * One or many client connections that can be sent an invocation of a client-side method.
 *
 * <p>Thread-safe. Sending never blocks: the message is serialised once and queued on every
 * recipient's bounded outbound queue.
 */
public interface ClientProxy {

  /**
   * Invokes {@code method} on the clients without waiting for a result.
   *
   * @param method the client method's name; the JavaScript client matches it case-insensitively
   * @param arguments the arguments, serialised as JSON; may contain {@code null}
   * @return a stage completed once the message is queued for every recipient; recipients that are
   *     gone are skipped silently
   */
  CompletionStage<Void> send(String method, Object... arguments);
}
