package io.signet.protocol;

import java.util.Map;

/**
 * Type 3: the end of an invocation or a stream. Carries either a result, an error, or neither.
 *
 * @param invocationId the id being completed, never empty
 * @param error the error text, or {@code null} on success; never empty when present
 * @param result the result (possibly {@code null}); meaningful only when {@code hasResult}; an
 *     {@link UnboundValue} when parsed
 * @param hasResult whether a {@code result} property is written (or was read)
 * @param headers protocol headers, possibly empty
 */
public record CompletionMessage(
    String invocationId, String error, Object result, boolean hasResult, Map<String, String> headers)
    implements HubMessage {

  /**
   * Validates the message and copies the headers.
   *
   * @param invocationId the id being completed, never empty
   * @param error the error text, or {@code null} on success
   * @param result the result, possibly {@code null}
   * @param hasResult whether {@code result} is written
   * @param headers protocol headers, possibly empty or {@code null}
   * @throws IllegalArgumentException when the id is empty, the error is empty, or both an error
   *     and a result are present
   */
  public CompletionMessage {
    Messages.requireNonEmpty(invocationId, "invocationId");
    if (error != null && hasResult) {
      throw new IllegalArgumentException("The 'error' and 'result' properties are mutually exclusive.");
    }
    if (error != null && error.isEmpty()) {
      throw new IllegalArgumentException("error is empty");
    }
    headers = Messages.copyHeaders(headers);
  }

  /**
   * A successful completion carrying {@code result}.
   *
   * @param invocationId the id being completed
   * @param result the result, which may be {@code null}
   * @return the message, without headers
   */
  public static CompletionMessage withResult(String invocationId, Object result) {
    return new CompletionMessage(invocationId, null, result, true, Map.of());
  }

  /**
   * A completion without result, ending a stream or a void call.
   *
   * @param invocationId the id being completed
   * @return the message, without headers
   */
  public static CompletionMessage empty(String invocationId) {
    return new CompletionMessage(invocationId, null, null, false, Map.of());
  }

  /**
   * A failed completion.
   *
   * @param invocationId the id being completed
   * @param error the error text the caller sees, never empty
   * @return the message, without headers
   */
  public static CompletionMessage withError(String invocationId, String error) {
    return new CompletionMessage(invocationId, error, null, false, Map.of());
  }

  @Override
  public int type() {
    return MessageType.COMPLETION;
  }
}
