package io.signet.client;

/**
 * Answers the server's call of a client method that waits for a result (ASP.NET Core's client
 * results, {@code Clients.Client(id).InvokeAsync<T>(...)}).
 */
@FunctionalInterface
public interface ClientResultHandler {
  /**
   * Handles one call.
   *
   * @param arguments the arguments, one per registered type, possibly {@code null}s
   * @return the result sent back, possibly {@code null}; a {@link
   *     java.util.concurrent.CompletionStage} is awaited and its value sent
   * @throws Exception a failure, whose text is sent back as the call's error
   */
  Object handle(Object[] arguments) throws Exception;
}
