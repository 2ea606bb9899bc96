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

  /** A successful completion carrying {@code result}, which may be {@code null}. */
  public static CompletionMessage withResult(String invocationId, Object result) {
    return new CompletionMessage(invocationId, null, result, true, Map.of());
  }

  /** A completion without result, ending a stream or a void call. */
  public static CompletionMessage empty(String invocationId) {
    return new CompletionMessage(invocationId, null, null, false, Map.of());
  }

  /** A failed completion. */
  public static CompletionMessage withError(String invocationId, String error) {
    return new CompletionMessage(invocationId, error, null, false, Map.of());
  }

  @Override
  public int type() {
    return MessageType.COMPLETION;
  }
}
