package io.signet.protocol;

import java.util.List;
import java.util.Map;

/**
 * Type 4: a call of a streaming method; answered by {@link StreamItemMessage}s and one
 * {@link CompletionMessage}.
 *
 * @param invocationId the id of the stream, never empty
 * @param target the method name, never empty
 * @param arguments the arguments; {@link UnboundValue}s when parsed
 * @param streamIds ids of client-to-server streams that accompany the call, possibly empty
 * @param headers protocol headers, possibly empty
 */
public record StreamInvocationMessage(
    String invocationId,
    String target,
    List<Object> arguments,
    List<String> streamIds,
    Map<String, String> headers)
    implements HubMessage {

  /**
   * Validates the id and target, and copies the lists and headers.
   *
   * @param invocationId the id of the stream, never empty
   * @param target the method name, never empty
   * @param arguments the arguments, possibly containing {@code null}
   * @param streamIds ids of client-to-server streams, possibly empty
   * @param headers protocol headers, possibly empty or {@code null}
   */
  public StreamInvocationMessage {
    Messages.requireNonEmpty(invocationId, "invocationId");
    Messages.requireNonEmpty(target, "target");
    arguments = Messages.copyArguments(arguments);
    streamIds = Messages.copyStreamIds(streamIds);
    headers = Messages.copyHeaders(headers);
  }

  @Override
  public int type() {
    return MessageType.STREAM_INVOCATION;
  }
}
