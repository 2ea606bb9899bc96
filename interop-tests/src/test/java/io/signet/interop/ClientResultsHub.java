package io.signet.interop;

import io.signet.hub.Hub;
import io.signet.hub.HubEndpoint;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Client results: hub methods that ask a client's {@code GetMessage(question)} handler for a value
 * and await it. {@link InteropServer} serves it with two invocation slots per client (client
 * results need a free one), and again with a short result timeout and with one slot only.
 *
 * <p>The {@code Describe...} methods answer with how the client result ended, as text, so that
 * scenarios can check what a hub method sees (value, exception type and message); the others
 * let it end the invocation, as application code typically does.
 */
@HubEndpoint(value = "/results", client = ClientResultsHub.Answerer.class)
public class ClientResultsHub extends Hub {

  /** The client's {@code GetMessage(question)} handler as a typed client. */
  public interface Answerer {
    CompletionStage<String> getMessage(String question);
  }

  /** As {@link #getCallerMessage}, through a typed client. */
  public CompletionStage<String> getCallerMessageTyped(String question) {
    return clients().caller().as(Answerer.class).getMessage(question);
  }

  /** The caller's answer becomes this call's result; its failure, this call's error. */
  public CompletionStage<String> getCallerMessage(String question) {
    return clients().caller().invoke("GetMessage", String.class, question);
  }

  /** {@code "answered: <value>"} or {@code "failed: <exception class>: <message>"}. */
  public CompletionStage<String> describeCallerAnswer(String question) {
    return describe(clients().caller().invoke("GetMessage", String.class, question));
  }

  /** As {@link #describeCallerAnswer}, asking another connection. */
  public CompletionStage<String> describeClientAnswer(String connectionId, String question) {
    return describe(clients().client(connectionId).invoke("GetMessage", String.class, question));
  }

  /** The caller's connection id, for another client to ask this one. */
  public String connectionId() {
    return context().connectionId();
  }

  private static CompletionStage<String> describe(CompletionStage<String> answer) {
    return answer.handle((value, failure) -> {
      if (failure == null) {
        return "answered: " + value;
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      String message = cause.getMessage();
      return "failed: " + cause.getClass().getName() + (message == null ? "" : ": " + message);
    });
  }
}
