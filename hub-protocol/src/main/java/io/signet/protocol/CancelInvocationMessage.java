package io.signet.protocol;

import java.util.Map;

/**
 * Type 5: the caller no longer wants the stream with this id.
 *
 * @param invocationId the stream's id, never empty
 * @param headers protocol headers, possibly empty
 */
public record CancelInvocationMessage(String invocationId, Map<String, String> headers)
    implements HubMessage {

  /**
   * Validates the id and copies the headers.
   *
   * @param invocationId the stream's id, never empty
   * @param headers protocol headers, possibly empty or {@code null}
   */
  public CancelInvocationMessage {
    Messages.requireNonEmpty(invocationId, "invocationId");
    headers = Messages.copyHeaders(headers);
  }

  @Override
  public int type() {
    return MessageType.CANCEL_INVOCATION;
  }
}
