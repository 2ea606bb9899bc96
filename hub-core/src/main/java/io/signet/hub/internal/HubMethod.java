package io.signet.hub.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One hub method as clients see it, discovered and validated once at registration.
 *
 * @param name the name clients call (matched case-insensitively)
 * @param method the Java method
 * @param parameterTypes the generic types of every parameter
 * @param streamParameters the positions of upload-stream parameters ({@code Flow.Publisher<T>}),
 *     which come from the invocation's {@code streamIds}, not its arguments
 * @param streamItemTypes the item type {@code T} of each upload-stream parameter, in order
 * @param resultKind how the method answers
 * @param nonBlocking whether it is declared {@link io.signet.hub.NonBlocking}, so it may run on
 *     the thread that read the message
 */
record HubMethod(
    String name,
    Method method,
    List<Type> parameterTypes,
    List<Integer> streamParameters,
    List<Type> streamItemTypes,
    ResultKind resultKind,
    boolean nonBlocking) {

  /** How a hub method answers. */
  enum ResultKind {
    /** A value (or nothing), sent in the Completion. */
    VALUE,
    /** A {@code CompletionStage}, whose value is sent when it completes. */
    STAGE,
    /** A stream of items ({@code Flow.Publisher}, {@code Stream}, {@code Iterator}). */
    STREAM
  }

  HubMethod {
    parameterTypes = List.copyOf(parameterTypes);
    streamParameters = List.copyOf(streamParameters);
    streamItemTypes = List.copyOf(streamItemTypes);
  }

  /** How many arguments the invocation must carry (stream parameters excluded). */
  int argumentCount() {
    return parameterTypes.size() - streamParameters.size();
  }

  boolean isStreaming() {
    return resultKind == ResultKind.STREAM;
  }

  boolean returnsStage() {
    return resultKind == ResultKind.STAGE;
  }
}
