package io.signet.protocol;

import java.util.List;
import java.util.Map;

/**
 * Type 1: a call of {@code target}. With an {@code invocationId} the caller waits for exactly one
 * {@link CompletionMessage}; without one ({@code null}) it is fire-and-forget.
 *
 * @param invocationId the id the completion answers, or {@code null} for a non-blocking call
 * @param target the method name, never empty
 * @param arguments the arguments, possibly containing {@code null}; {@link UnboundValue}s when parsed
 * @param streamIds ids of client-to-server streams that accompany the call, possibly empty
 * @param headers protocol headers, possibly empty
 */
public record InvocationMessage(
    String invocationId,
    String target,
    List<Object> arguments,
    List<String> streamIds,
    Map<String, String> headers)
    implements HubMessage {

  /**
   * Validates the target and id, and copies the lists and headers.
   *
   * @param invocationId the id the completion answers, or {@code null}; never empty
   * @param target the method name, never empty
   * @param arguments the arguments, possibly containing {@code null}
   * @param streamIds ids of client-to-server streams, possibly empty
   * @param headers protocol headers, possibly empty or {@code null}
   */
  public InvocationMessage {
    Messages.requireNonEmpty(target, "target");
    if (invocationId != null && invocationId.isEmpty()) {
      throw new IllegalArgumentException("invocationId is empty");
    }
    arguments = Messages.copyArguments(arguments);
    streamIds = Messages.copyStreamIds(streamIds);
    headers = Messages.copyHeaders(headers);
  }

  /**
   * A non-blocking invocation without streams or headers, as servers send to clients.
   *
   * @param target the method name, never empty
   * @param arguments the arguments, possibly containing {@code null}
   * @return the message
   */
  public static InvocationMessage nonBlocking(String target, List<?> arguments) {
    return new InvocationMessage(null, target, Messages.copyArguments(arguments), List.of(), Map.of());
  }

  @Override
  public int type() {
    return MessageType.INVOCATION;
  }
}
