package io.signet.protocol;

import java.util.Map;

/**
 * Type 2: one item of a stream.
 *
 * @param invocationId the stream's id, never empty
 * @param item the item, possibly {@code null}; an {@link UnboundValue} when parsed
 * @param headers protocol headers, possibly empty
 */
public record StreamItemMessage(String invocationId, Object item, Map<String, String> headers)
    implements HubMessage {

  /**
   * Validates the id and copies the headers.
   *
   * @param invocationId the stream's id, never empty
   * @param item the item, possibly {@code null}
   * @param headers protocol headers, possibly empty or {@code null}
   */
  public StreamItemMessage {
    Messages.requireNonEmpty(invocationId, "invocationId");
    headers = Messages.copyHeaders(headers);
  }

  @Override
  public int type() {
    return MessageType.STREAM_ITEM;
  }
}
