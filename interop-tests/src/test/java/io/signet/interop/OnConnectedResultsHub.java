package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Asks the connecting client for a result inside {@link #onConnected()}, which ASP.NET Core
 * refuses ({@code InvalidOperationException: Client results inside OnConnectedAsync Hub methods
 * are not allowed.}): the client would be asked before its connection is fully up. Served with two
 * invocation slots per client, so that only the lifecycle rule can refuse it.
 */
@HubEndpoint("/results-on-connected")
public class OnConnectedResultsHub extends Hub {
  private static final String OUTCOME = "outcome";

  @Override
  public void onConnected() {
    CompletionStage<String> answer =
        clients().caller().invoke("GetMessage", String.class, "from onConnected");
    context().items().put(OUTCOME, answer.handle((value, failure) -> {
      if (failure == null) {
        return "answered: " + value;
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      return "failed: " + cause.getClass().getName();
    }));
  }

  /** How the client result asked for in {@link #onConnected()} ended. */
  @SuppressWarnings("unchecked")
  public CompletionStage<String> onConnectedOutcome() {
    return (CompletionStage<String>) context().items().get(OUTCOME);
  }
}
